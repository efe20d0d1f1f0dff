package io.darkroom.api.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The callers of this api instance waiting for jobs to finish, woken by completion events. Each waiter
 * holds a future, not a thread.
 */
@Component
class CompletionWaiters {

    private final ConcurrentHashMap<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    CompletionWaiters(MeterRegistry meters) {
        Gauge.builder("darkroom.sync.waiters", count, AtomicInteger::get)
                .description("Callers of this api instance waiting for a job to finish").register(meters);
    }

    /** Starts waiting for {@code jobId}; close the registration when done, whatever happened. */
    Registration register(String jobId) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        waiting.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        count.incrementAndGet();
        return new Registration(jobId, signal);
    }

    /** Wakes every waiter of {@code jobId}. */
    void signal(String jobId) {
        Set<CompletableFuture<Void>> signals = waiting.get(jobId);
        if (signals != null) {
            signals.forEach(signal -> signal.complete(null));
        }
    }

    int count() {
        return count.get();
    }

    /** One caller's wait; {@link #close()} forgets it. */
    final class Registration implements AutoCloseable {

        private final String jobId;
        private final CompletableFuture<Void> signal;

        private Registration(String jobId, CompletableFuture<Void> signal) {
            this.jobId = jobId;
            this.signal = signal;
        }

        CompletableFuture<Void> signal() {
            return signal;
        }

        @Override
        public void close() {
            waiting.computeIfPresent(jobId, (id, signals) -> {
                signals.remove(signal);
                return signals.isEmpty() ? null : signals;
            });
            count.decrementAndGet();
        }
    }
}
