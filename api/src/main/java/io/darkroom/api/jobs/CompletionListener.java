package io.darkroom.api.jobs;

import io.darkroom.model.JobEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.ExchangeTypes;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.Exchange;
import org.springframework.amqp.rabbit.annotation.Queue;
import org.springframework.amqp.rabbit.annotation.QueueBinding;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hears every completion event on this instance's own exclusive, auto-deleted queue and wakes the
 * callers waiting for that job.
 */
@Component
class CompletionListener {

    private static final Logger log = LoggerFactory.getLogger(CompletionListener.class);

    private final CompletionWaiters waiters;
    private final JsonMapper json;

    CompletionListener(CompletionWaiters waiters, JsonMapper json) {
        this.waiters = waiters;
        this.json = json;
    }

    @RabbitListener(bindings = @QueueBinding(
            value = @Queue(exclusive = "true", autoDelete = "true", durable = "false"),
            exchange = @Exchange(value = "#{@names.eventsExchange()}", type = ExchangeTypes.TOPIC),
            key = "#{@names.finalEventsPattern()}"))
    void onCompletion(Message message) {
        try {
            waiters.signal(json.readValue(message.getBody(), JobEvent.class).jobId());
        } catch (JacksonException e) {
            log.warn("Ignoring an unreadable completion event: {}", e.getOriginalMessage());
        }
    }
}
