package io.darkroom.api.jobs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.darkroom.model.JobEvent;
import io.micrometer.core.instrument.Gauge;
import io.darkroom.infra.Timeouts;
import io.netty.util.Timeout;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
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
 *
 * <p>A caller registers after its job was confirmed, and a fast job's event can arrive before that. So
 * the events heard in the last {@link #RECENT} are kept, and a registration finds its job's event there:
 * it wakes at once, without reading Redis to learn what it missed. Signal and register each write first
 * and read second, so at least one of them sees the other.
 */
@Component
class CompletionWaiters {

    /** How long an event is kept for a waiter registering after it: far above the gap from confirm to register. */
    static final Duration RECENT = Duration.ofSeconds(5);

    private final ConcurrentHashMap<String, Set<Registration>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Evicted on the writing thread (no maintenance hop to a pool). */
    private final Cache<String, JobEvent> recent = Caffeine.newBuilder().expireAfterWrite(RECENT).executor(Runnable::run).build();

    CompletionWaiters(MeterRegistry meters) {
        Gauge.builder("darkroom.sync.waiters", count, AtomicInteger::get)
                .description("Callers of this api instance waiting on a job").register(meters);
    }

    /**
     * Starts waiting on {@code jobId}, woken at once if its event came in the last {@link #RECENT}; close the
     * registration when done, whatever happened.
     */
    Registration register(String jobId) {
        Registration registration = new Registration(jobId);
        waiting.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(registration);
        count.incrementAndGet();
        JobEvent missed = recent.getIfPresent(jobId);
        if (missed != null) {
            registration.wake(missed);
        }
        return registration;
    }

    /** Wakes every waiter of the event's job, and keeps the event for one registering in the next {@link #RECENT}. */
    void signal(JobEvent event) {
        recent.put(event.jobId(), event);
        Set<Registration> registrations = waiting.get(event.jobId());
        if (registrations != null) {
            registrations.forEach(registration -> registration.wake(event));
        }
    }

    int count() {
        return count.get();
    }

    /** One caller's wait; {@link #close()} forgets it. */
    final class Registration implements AutoCloseable {

        private final String jobId;
        private volatile CompletableFuture<JobEvent> signal = new CompletableFuture<>();

        private Registration(String jobId) {
            this.jobId = jobId;
        }

        private void wake(JobEvent event) {
            signal.complete(event);
        }

        /**
         * Blocks until the job's next event or {@code nanos} pass. The caller re-reads the job either way:
         * an event between two waits is not lost, since the job's state changed before it was sent.
         *
         * @return whether an event woke it
         */
        boolean await(long nanos) {
            CompletableFuture<JobEvent> current = signal;
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
         * Completes with the job's next event (at once if one came since the last {@link #rearm()}), or with
         * null when {@code nanos} pass. Holds no thread while pending.
         */
        CompletableFuture<JobEvent> next(long nanos) {
            CompletableFuture<JobEvent> next = signal.copy();
            Timeout timeout = Timeouts.after(Duration.ofNanos(nanos), () -> next.complete(null));
            next.whenComplete((event, failure) -> timeout.cancel());
            return next;
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
