package io.darkroom.api.jobs;

import io.darkroom.infra.messaging.JobEventReader;
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
 * Hears every job event on this instance's own exclusive, auto-deleted queue and wakes the callers waiting
 * for that job. Waking is a map look-up and a future completed, so it runs on the AMQP client's own
 * thread ({@link #CONTAINER_FACTORY}, a direct container), without a hop to a consumer thread.
 */
@Component
class CompletionListener {

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Containers {

        @org.springframework.context.annotation.Bean(CONTAINER_FACTORY)
        org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory eventListenerContainerFactory(
                org.springframework.amqp.rabbit.connection.ConnectionFactory connections) {
            var factory = new org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory();
            factory.setConnectionFactory(connections);
            factory.setAcknowledgeMode(org.springframework.amqp.core.AcknowledgeMode.NONE);
            return factory;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(CompletionListener.class);

    private final CompletionWaiters waiters;
    private final JobEventReader events;

    CompletionListener(CompletionWaiters waiters, JsonMapper json) {
        this.waiters = waiters;
        this.events = new JobEventReader(json);
    }

    static final String CONTAINER_FACTORY = "eventListenerContainerFactory";

    @RabbitListener(containerFactory = CONTAINER_FACTORY, bindings = @QueueBinding(
            value = @Queue(exclusive = "true", autoDelete = "true", durable = "false"),
            exchange = @Exchange(value = "#{@names.eventsExchange()}", type = ExchangeTypes.TOPIC),
            key = "#{@names.finalEventsPattern()}"))
    void onCompletion(Message message) {
        try {
            waiters.signal(events.read(message.getBody()));
        } catch (JacksonException e) {
            log.warn("Ignoring an unreadable completion event: {}", e.getOriginalMessage());
        }
    }
}
