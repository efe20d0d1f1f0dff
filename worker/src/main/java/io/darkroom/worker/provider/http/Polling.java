package io.darkroom.worker.provider.http;

import io.darkroom.worker.settings.ProviderSettings;
import io.darkroom.worker.provider.ProviderException;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls an asynchronous provider's task every poll interval until it answers or its maximum wait passes. */
public final class Polling {

    private Polling() {
    }

    /**
     * @param step one poll: the result when the task is done, empty while it runs; it throws to fail
     * @throws ProviderException (retryable, {@code timeout}) when the task outlives {@code maxWait}
     */
    public static <T> T until(ProviderSettings settings, Supplier<Optional<T>> step) {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            Optional<T> done = step.get();
            if (done.isPresent()) {
                return done.get();
            }
            if (System.nanoTime() > deadline) {
                throw ProviderException.retryableFailure(settings.name(), "timeout",
                        settings.name() + "'s task did not finish within " + settings.maxWait(), null);
            }
            try {
                Thread.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ProviderException.retryableFailure(settings.name(), "interrupted", "The worker stopped while polling", e);
            }
        }
    }
}
