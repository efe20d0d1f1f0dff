package io.darkroom.worker.consume;

import io.darkroom.model.JobEvent;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells every api instance that a job reached a final state or made progress (a partial render), so
 * waiters wake at once. Best effort by design: waiters also poll Redis, so a lost event costs latency,
 * never a result.
 */
@Component
class CompletionAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(CompletionAnnouncer.class);

    private final RabbitTemplate events;
    private final Names names;
    private final JsonMapper json;

    CompletionAnnouncer(ConnectionFactory connectionFactory, Names names, JsonMapper json) {
        this.events = new RabbitTemplate(connectionFactory);
        this.events.setMandatory(false);
        this.names = names;
        this.json = json;
    }

    void announce(String jobId, JobStatus status) {
        try {
            events.send(names.eventsExchange(), names.eventRoutingKey(status),
                    MessageBuilder.withBody(json.writeValueAsBytes(new JobEvent(jobId, status)))
                            .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
        } catch (AmqpException e) {
            log.warn("Could not announce job {} {}; api waiters will find it by polling", jobId, status.wireName(), e);
        }
    }
}
