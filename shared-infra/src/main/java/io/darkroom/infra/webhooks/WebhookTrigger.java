package io.darkroom.infra.webhooks;

import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.model.JobStatus;

/**
 * Hands the webhook dispatcher what the job lifecycle's events do not carry: a batch's final state, and a
 * job event's replay. (A job's final event reaches the dispatcher from the lifecycle's relay, on the events
 * exchange.) Triggering twice is harmless: a delivery is known by its event and endpoint, and the event id
 * is derived from the subject and its final state.
 */
public class WebhookTrigger {

    private final JobPublisher publisher;

    public WebhookTrigger(JobPublisher publisher) {
        this.publisher = publisher;
    }

    /** The id of a job's final event, stable across retries and triggers: the {@code webhook-id}. */
    public static String eventId(String jobId, JobStatus status) {
        return eventId(jobId, status.wireName());
    }

    /** {@code msg_}, the subject's id without its prefix, and what happened to it. */
    private static String eventId(String subjectId, String what) {
        return "msg_" + subjectId.substring(subjectId.indexOf('_') + 1) + "_" + what;
    }

    /** The message that delivers a job's final event to every target that wants it, as the dispatcher handles it. */
    public static WebhookMessage jobEvent(String jobId, JobStatus status) {
        return new WebhookMessage(jobId, status.wireName(), eventId(jobId, status), null, 0, 0, false);
    }

    /**
     * Hands a batch's final state to the dispatcher, for the endpoints of its owner that want
     * {@code batch.<status>}. The event id is derived from the batch and its final state, and the payload is
     * what the caller passes, so a trigger repeated (the first sender died) sends the same event again.
     *
     * @param status    {@code completed}, {@code failed}, {@code cancelled} or {@code expired}
     * @param timestamp when the batch reached it (ISO-8601): the payload's {@code timestamp}
     * @param batchJson the batch object as its owner reads it
     */
    public void triggerBatch(String batchId, String owner, String status, String timestamp, String batchJson) {
        publisher.publishWebhook(new WebhookMessage(null, status, eventId(batchId, "batch_" + status), null, 0, 0, false,
                new WebhookMessage.BatchEvent(batchId, owner, batchJson, timestamp)));
    }

    /**
     * Hands a key's budget passing 80 % of its cap for a period to the dispatcher, for the key's endpoints that want
     * {@code budget.threshold}. The event id is derived from the key, the period and its day or month, so the event
     * goes to each endpoint at most once per period however often it is triggered.
     *
     * @param period    {@code daily} or {@code monthly}
     * @param periodId  the UTC day ({@code 2026-12-02}) or month ({@code 2026-12}) it is about
     * @param timestamp when the threshold was passed (ISO-8601)
     * @param dataJson  the event's data: the budget's standing
     */
    public void triggerBudgetThreshold(String keyId, String period, String periodId, String timestamp, String dataJson) {
        publisher.publishWebhook(new WebhookMessage(null, "threshold", eventId(keyId, "budget_" + period + "_" + periodId), null, 0, 0,
                false, new WebhookMessage.BatchEvent(keyId, keyId, dataJson, timestamp, "budget")));
    }

    /** Sends the job's final event again to one endpoint (or every one, when null), with the same {@code webhook-id}. */
    public void replay(String jobId, JobStatus status, String endpointId) {
        publisher.publishWebhook(new WebhookMessage(jobId, status.wireName(), eventId(jobId, status), endpointId, 1, 0, true));
    }
}
