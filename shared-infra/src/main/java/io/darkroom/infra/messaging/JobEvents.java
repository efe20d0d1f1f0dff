package io.darkroom.infra.messaging;

import io.darkroom.model.JobEvent;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces that a job reached a final state or made progress (a partial render), so waiters on every
 * api instance wake at once. Best effort by design: waiters also poll Redis, so a lost event costs
 * latency, never a result.
 */
public class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    private final RabbitTemplate events;
    private final Names names;
    private final JsonMapper json;

    public JobEvents(ConnectionFactory connectionFactory, Names names, JsonMapper json) {
        this.events = new RabbitTemplate(connectionFactory);
        this.events.setMandatory(false);
        this.names = names;
        this.json = json;
    }

    public void announce(String jobId, JobStatus status) {
        try {
            events.send(names.eventsExchange(), names.eventRoutingKey(status),
                    MessageBuilder.withBody(json.writeValueAsBytes(new JobEvent(jobId, status)))
                            .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
        } catch (AmqpException e) {
            log.warn("Could not announce job {} {}; waiters will find it by polling", jobId, status.wireName(), e);
        }
    }
}
