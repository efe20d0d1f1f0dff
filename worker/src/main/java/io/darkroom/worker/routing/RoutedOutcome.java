package io.darkroom.worker.routing;

import io.darkroom.model.JobError;
import io.darkroom.worker.provider.ProviderResult;

/**
 * How routing a job ended this time: a result from one provider; a retry to schedule on a provider after a
 * delay; or an error once nothing else could be tried.
 *
 * @param provider   the provider that produced the result, is to be retried, or failed last; null when none
 *                   could be tried
 * @param result     the images, when it succeeded
 * @param retryAfter how long to wait before retrying on {@code provider}, when a retry is due
 * @param error      why it failed (or, for a retry, the failure being retried)
 * @param attempt    when it succeeded, the successful attempt, not yet logged: it is stored with the result,
 *                   in the same step (every other attempt is logged by the router as it happens)
 */
public record RoutedOutcome(String provider, ProviderResult result, java.time.Duration retryAfter, JobError error,
        io.darkroom.model.Attempt attempt) {

    /** The error code of a job whose deadline passed: it is canceled, never sent upstream again. */
    public static final String DEADLINE_EXCEEDED = "deadline_exceeded";

    static RoutedOutcome success(String provider, ProviderResult result, io.darkroom.model.Attempt attempt) {
        return new RoutedOutcome(provider, result, null, null, attempt);
    }

    static RoutedOutcome retry(String provider, java.time.Duration after, JobError error) {
        return new RoutedOutcome(provider, null, after, error, null);
    }

    static RoutedOutcome failure(String provider, JobError error) {
        return new RoutedOutcome(provider, null, null, error, null);
    }

    public boolean succeeded() {
        return result != null;
    }

    public boolean retrying() {
        return retryAfter != null;
    }

    public boolean deadlinePassed() {
        return error != null && DEADLINE_EXCEEDED.equals(error.code());
    }
}
