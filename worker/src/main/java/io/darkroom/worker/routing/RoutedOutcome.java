package io.darkroom.worker.routing;

import io.darkroom.model.JobError;
import io.darkroom.worker.provider.ProviderResult;

/**
 * How routing a job ended: a result from one provider, or an error once nothing else could be tried.
 *
 * @param provider the provider that produced the result (or failed last); null when none could be tried
 * @param result   the images, when it succeeded
 * @param error    why it failed, when it did
 */
public record RoutedOutcome(String provider, ProviderResult result, JobError error) {

    static RoutedOutcome success(String provider, ProviderResult result) {
        return new RoutedOutcome(provider, result, null);
    }

    static RoutedOutcome failure(String provider, JobError error) {
        return new RoutedOutcome(provider, null, error);
    }

    public boolean succeeded() {
        return result != null;
    }
}
