package io.darkroom.api.auth;

import java.nio.charset.StandardCharsets;
import org.springframework.amqp.core.ExchangeTypes;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Hears the key changes (revoked, new tier, new budget) announced by any api instance on the events exchange,
 * on this instance's own exclusive, auto-deleted queue, and makes {@link ApiKeyStore} forget what it knew of
 * that key: the next request with it reads Redis.
 */
@Component
class KeyChangeListener {

    private final ApiKeyStore keys;

    KeyChangeListener(ApiKeyStore keys) {
        this.keys = keys;
    }

    @RabbitListener(bindings = @QueueBinding(
            value = @Queue(exclusive = "true", autoDelete = "true", durable = "false"),
            exchange = @Exchange(value = "#{@names.eventsExchange()}", type = ExchangeTypes.TOPIC),
            key = ApiKeyStore.CHANGED))
    void onKeyChanged(Message message) {
        keys.forget(new String(message.getBody(), StandardCharsets.UTF_8));
    }
}
