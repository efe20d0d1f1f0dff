package io.darkroom.infra.webhooks;

/**
 * A message on the webhooks queue: an event to deliver to every endpoint that wants it, or (with an
 * endpoint) one delivery's next attempt.
 *
 * @param jobId      the job
 * @param status     its final state
 * @param eventId    the event's {@code webhook-id}
 * @param endpointId for a retry, the endpoint (or {@link WebhookStore#REQUEST_URL}); null for a new event
 * @param attempt    for a retry, the attempt number about to be made (1-based)
 * @param dueAt      for a retry, when it may be made (epoch ms); a message arriving earlier waits again
 * @param replay     the owner asked to send it again: sent even if already delivered
 */
public record WebhookMessage(String jobId, String status, String eventId, String endpointId, int attempt, long dueAt,
        boolean replay) {
}
