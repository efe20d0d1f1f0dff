package io.darkroom.infra.messaging;

import com.rabbitmq.client.AMQP;
import io.darkroom.model.Job;
import io.darkroom.model.JobEvent;
import io.darkroom.model.JobMessage;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes a job's work message, persistent and mandatory, and returns only once the broker confirmed
 * it: a queue has it on disk. Anything else (nack, unroutable return, no confirm in time) throws.
 */
public class JobPublisher {

    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    /** Channels publishing side by side: each serialises its publishes (a write of a few hundred bytes). */
    private static final int CONFIRMED_CHANNELS = 4;

    private final RabbitTemplate events;
    private final ConfirmedChannels confirmed;
    private final Names names;
    private final JsonMapper json;

    /**
     * @param rabbit         the application's template, whose connection this publisher shares
     * @param confirmTimeout how long a message may wait for the broker's confirm
     */
    public JobPublisher(RabbitTemplate rabbit, Names names, JsonMapper json, Duration confirmTimeout) {
        this.events = new RabbitTemplate(rabbit.getConnectionFactory());
        this.events.setMandatory(false);
        this.confirmed = new ConfirmedChannels(rabbit.getConnectionFactory(), CONFIRMED_CHANNELS, confirmTimeout);
        this.names = names;
        this.json = json;
    }

    /**
     * Publishes a job's final event ({@code job.<status>.<hooked|plain>}) on the events exchange, persistent,
     * and waits for the broker's confirm. Not mandatory: an event nobody listens to (no api instance waits,
     * no webhook wants it) is not a failure. Only the lifecycle's relay calls this.
     *
     * @param finalState the job's hash as its final move left it, carried so that readers need not read Redis again;
     *                   null when the relay does not have it (a waiting caller then reads the job)
     * @throws PublishFailedException when the broker nacked or did not confirm the event
     */
    public void publishEvent(String jobId, JobStatus status, boolean hooked, java.util.Map<String, String> finalState) {
        sendConfirmed(false, names.eventsExchange(), names.eventRoutingKey(status, hooked), new JobEvent(jobId, status, finalState),
                jobId + "." + status.wireName(), jobId);
    }

    /**
     * Announces progress of a running job (a partial render) to the api instances, so a streaming caller
     * wakes at once. Best effort, neither persistent nor confirmed: waiters also poll Redis, so a lost
     * announcement costs latency, never a result.
     */
    public void announceProgress(String jobId) {
        try {
            events.send(names.eventsExchange(), names.eventRoutingKey(JobStatus.RUNNING, false),
                    MessageBuilder.withBody(json.writeValueAsBytes(new JobEvent(jobId, JobStatus.RUNNING)))
                            .setContentType(MessageProperties.CONTENT_TYPE_JSON).build());
        } catch (AmqpException e) {
            log.warn("Could not announce progress of job {}; waiters will find it by polling", jobId, e);
        }
    }

    /**
     * Publishes the job to its provider's lane queue and waits for the broker's confirm.
     *
     * @throws PublishFailedException when the broker nacked, returned or did not confirm the message
     */
    public void publish(Job job) {
        send(names.jobsExchange(), job);
    }

    /**
     * Publishes the job's work message to wait {@code tier} (one of {@link RetryTiers#DEFAULT}) in a delay
     * queue, which then hands it to the job's provider's lane queue; returns once the broker confirmed it.
     *
     * @throws PublishFailedException when the broker nacked, returned or did not confirm the message
     */
    public void publishDelayed(Job job, java.time.Duration tier) {
        send(names.retryExchange(RetryTiers.label(tier)), job);
    }

    /**
     * Publishes a webhook message (an event, or a delivery's retry) to the webhooks queue, at once or after
     * {@code delay} on a retry tier; returns once the broker confirmed it.
     */
    public void publishWebhook(io.darkroom.infra.webhooks.WebhookMessage webhook) {
        publishWebhook(webhook, null);
    }

    /** As {@link #publishWebhook(io.darkroom.infra.webhooks.WebhookMessage)}, waiting {@code tier} first when given. */
    public void publishWebhook(io.darkroom.infra.webhooks.WebhookMessage webhook, java.time.Duration tier) {
        String exchange = tier == null ? names.jobsExchange() : names.retryExchange(RetryTiers.label(tier));
        sendConfirmed(true, exchange, Names.WEBHOOKS_ROUTING_KEY, webhook, webhook.eventId(), webhook.jobId());
    }

    private void send(String exchange, Job job) {
        sendConfirmed(true, exchange, names.workRoutingKey(job.provider(), job.lane()), new JobMessage(job.id(), job.model()),
                job.id(), job.id());
    }

    /**
     * Sends {@code body} as a persistent JSON message with {@code messageId} and waits for the broker's confirm
     * (for a mandatory message: that a queue took it).
     *
     * @param subjectId the job the message is about, named by a failure
     */
    private void sendConfirmed(boolean mandatory, String exchange, String routingKey, Object body, String messageId,
            String subjectId) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(MessageProperties.CONTENT_TYPE_JSON)
                .deliveryMode(2)
                .messageId(messageId)
                .build();
        try {
            confirmed.publish(exchange, routingKey, mandatory, properties, json.writeValueAsBytes(body), subjectId).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof PublishFailedException failed ? failed
                    : new PublishFailedException(subjectId, "the confirm failed", e.getCause());
        }
    }
}
