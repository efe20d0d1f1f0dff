package io.darkroom.model;

import java.time.Instant;

/**
 * One try of a job on one provider, recorded on the job whatever its outcome.
 *
 * @param number    1-based, across providers
 * @param provider  the provider tried
 * @param outcome   {@code succeeded}, {@code failed}, {@code retry} (retryable failure, tried again) or
 *                  {@code fallback} (the provider failed on its side, the next one is tried)
 * @param errorCode the classified error, or null on success
 * @param message   the error in words, or null
 * @param latencyMs how long the provider call took
 * @param startedAt when the call started
 * @param providerRequestId the provider's own id of the call (for example OpenAI's {@code x-request-id}), to quote
 *                  in a support ticket; null when the provider gave none or was not called
 */
public record Attempt(int number, String provider, String outcome, String errorCode, String message, long latencyMs,
        Instant startedAt, String providerRequestId) {
}
