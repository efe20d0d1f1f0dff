package io.darkroom.infra.webhooks;

/**
 * A message on the webhooks queue: an event to deliver to every endpoint that wants it, or (with an
 * endpoint) one delivery's next attempt. An event is about a job ({@code job.<status>}, its data read from
 * the job when delivered), about a batch ({@code batch.<status>}, its data carried in the message: a
 * final batch does not change), or about a key's budget ({@code budget.threshold}, its data carried too).
 *
 * @param jobId      the job; null for a batch's event
 * @param status     the job's or batch's final state
 * @param eventId    the event's {@code webhook-id}
 * @param endpointId for a retry, the endpoint (or {@link WebhookStore#REQUEST_URL}); null for a new event
 * @param attempt    for a retry, the attempt number about to be made (1-based)
 * @param dueAt      for a retry, when it may be made (epoch ms); a message arriving earlier waits again
 * @param replay     the owner asked to send it again: sent even if already delivered
 * @param batch      for a batch's or a budget's event, what it is about; null for a job's
 */
public record WebhookMessage(String jobId, String status, String eventId, String endpointId, int attempt, long dueAt,
        boolean replay, BatchEvent batch) {

    /**
     * A batch's final state, as its owner reads it, or (with {@code kind} {@code budget}) a key's budget passing a
     * threshold: an event whose data travels in the message.
     *
     * @param id        the batch, or for a budget the key
     * @param owner     the API key that owns it
     * @param data      the event's {@code data} (JSON): the batch object, as {@code GET /v1/batches/{id}} answers it,
     *                  or the budget's standing
     * @param timestamp when it happened (ISO-8601), the payload's {@code timestamp} on every attempt; null in a
     *                  message from before it was carried (then each attempt's time is used)
     * @param kind      the event type's first part: {@code budget}, or null for {@code batch}
     *                  (unknown fields are ignored, so a worker of the next version's message format still reads it)
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record BatchEvent(String id, String owner, String data, String timestamp, String kind) {

        public BatchEvent(String id, String owner, String data, String timestamp) {
            this(id, owner, data, timestamp, null);
        }
    }

    /** A job's event. */
    public WebhookMessage(String jobId, String status, String eventId, String endpointId, int attempt, long dueAt, boolean replay) {
        this(jobId, status, eventId, endpointId, attempt, dueAt, replay, null);
    }

    /** The event's type: {@code job.<status>}, {@code batch.<status>} or {@code budget.threshold}. */
    public String type() {
        return (batch == null ? "job" : batch.kind() == null ? "batch" : batch.kind()) + "." + status;
    }

    /** The job's or batch's id: what the event is about, and what its deliveries are logged under. */
    public String subjectId() {
        return batch == null ? jobId : batch.id();
    }

    /** The same event's next attempt at one endpoint. */
    public WebhookMessage retry(String endpoint, int nextAttempt, long due) {
        return new WebhookMessage(jobId, status, eventId, endpoint, nextAttempt, due, replay, batch);
    }
}
