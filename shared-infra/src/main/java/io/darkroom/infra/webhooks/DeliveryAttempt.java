package io.darkroom.infra.webhooks;

import java.time.Instant;

/**
 * One attempt to deliver an event to one endpoint, as logged.
 *
 * @param attempt    1-based
 * @param endpointId the endpoint, or {@link WebhookStore#REQUEST_URL}
 * @param url        where it was posted
 * @param at         when
 * @param status     the receiver's HTTP status, or 0 when there was no answer
 * @param latencyMs  how long it took
 * @param outcome    {@code delivered}, {@code retry}, {@code exhausted}, {@code disabled} (410) or {@code refused} (SSRF guard)
 * @param error      what went wrong, or null
 */
public record DeliveryAttempt(int attempt, String endpointId, String url, Instant at, int status, long latencyMs, String outcome,
        String error) {
}
