package io.darkroom.api.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The callers of this api instance waiting on jobs, woken by the jobs' events (a final state, or
 * progress such as a partial render). Each waiter holds a future, not a thread.
 */
@Component
class CompletionWaiters {

    private final ConcurrentHashMap<String, Set<Registration>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    CompletionWaiters(MeterRegistry meters) {
        Gauge.builder("darkroom.sync.waiters", count, AtomicInteger::get)
                .description("Callers of this api instance waiting on a job").register(meters);
    }

    /** Starts waiting on {@code jobId}; close the registration when done, whatever happened. */
    Registration register(String jobId) {
        Registration registration = new Registration(jobId);
        waiting.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(registration);
        count.incrementAndGet();
        return registration;
    }

    /** Wakes every waiter of {@code jobId}. */
    void signal(String jobId) {
        Set<Registration> registrations = waiting.get(jobId);
        if (registrations != null) {
            registrations.forEach(Registration::wake);
        }
    }

    int count() {
        return count.get();
    }

    /** One caller's wait; {@link #close()} forgets it. */
    final class Registration implements AutoCloseable {

        private final String jobId;
        private volatile CompletableFuture<Void> signal = new CompletableFuture<>();

        private Registration(String jobId) {
            this.jobId = jobId;
        }

        private void wake() {
            signal.complete(null);
        }

        /**
         * Blocks until the job's next event or {@code nanos} pass. The caller re-reads the job either way:
         * an event between two waits is not lost, since the job's state changed before it was sent.
         *
         * @return whether an event woke it
         */
        boolean await(long nanos) {
            CompletableFuture<Void> current = signal;
            try {
                current.get(nanos, TimeUnit.NANOSECONDS);
                rearm();
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("A wake-up signal cannot fail", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for job " + jobId, e);
            }
        }

        /**
         * Completes with true at the job's next event (at once if one came since the last {@link #rearm()}),
         * or with false when {@code nanos} pass. Holds no thread while pending.
         */
        CompletableFuture<Boolean> next(long nanos) {
            return signal.thenApply(woken -> true).completeOnTimeout(false, nanos, TimeUnit.NANOSECONDS);
        }

        /**
         * Forgets the events heard so far; call it before re-reading the job, so an event sent during the
         * read wakes the next wait.
         */
        void rearm() {
            signal = new CompletableFuture<>();
        }

        @Override
        public void close() {
            waiting.computeIfPresent(jobId, (id, registrations) -> {
                registrations.remove(this);
                return registrations.isEmpty() ? null : registrations;
            });
            count.decrementAndGet();
        }
    }
}
