package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Waits until a job is final or a deadline passes. Woken at once by the job's events; re-reads Redis every
 * poll interval as the safety net for a lost event. {@link #awaitFinal} holds no thread while it waits (a
 * servlet async request answers it); {@link #follow} blocks, meant for a virtual thread.
 */
@Component
public class JobAwaiter {

    private final CompletionWaiters waiters;
    private final RedisJobStore jobs;
    private final Duration pollInterval;
    /** Where a wait's next read runs: a new virtual thread each time, so a pending wait holds no stack. */
    private static final Executor STEPS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-wait-", 0).factory());

    JobAwaiter(CompletionWaiters waiters, RedisJobStore jobs, ApiProperties properties) {
        this.waiters = waiters;
        this.jobs = jobs;
        this.pollInterval = properties.pollInterval();
    }

    /**
     * Waits without holding a thread until an event (a final state, or progress) wakes it or the wait is over.
     * A final event that carries the job (its writer's) answers at once, on the thread that delivered it: no
     * read of Redis, no hop. Otherwise the job is read on a fresh virtual thread, never on the delivering one:
     * after an event without the job, at the deadline, and at each poll interval without an event (then its
     * status first, the whole job only once final), the safety net for a lost event. The first step reads
     * nothing: an event that came before this registration is found by it ({@link CompletionWaiters}).
     *
     * @return the job once final, or as it stands when {@code maxWait} ran out; completes exceptionally
     *         with {@link IllegalStateException} if the job disappeared (expired) while waited for
     */
    public CompletableFuture<Job> awaitFinal(String jobId, Duration maxWait) {
        Wait wait = new Wait(jobId, System.nanoTime() + maxWait.toNanos(), waiters.register(jobId));
        wait.arm();
        return wait.result;
    }

    /** One caller's wait for one job, stepped each time an event or the poll interval wakes it. */
    private final class Wait {

        private final CompletableFuture<Job> result = new CompletableFuture<>();
        private final String jobId;
        private final long deadline;
        private final CompletionWaiters.Registration registration;

        private Wait(String jobId, long deadline, CompletionWaiters.Registration registration) {
            this.jobId = jobId;
            this.deadline = deadline;
            this.registration = registration;
            result.whenComplete((job, failure) -> registration.close());
        }

        /** Waits for the next event or the next poll, whichever comes first. */
        private void arm() {
            long remaining = deadline - System.nanoTime();
            registration.next(Math.max(0, Math.min(remaining, pollInterval.toNanos()))).thenAccept(this::woken);
        }

        /** @param event the event that woke it, or null when the poll interval or the wait ran out */
        private void woken(JobEvent event) {
            if (event != null && event.job() != null && event.status().isTerminal()) {
                try {
                    result.complete(jobs.fromHash(event.job()));
                    return;
                } catch (RuntimeException e) {
                    // an event this version cannot read: the job is read from Redis instead
                }
            }
            STEPS.execute(() -> step(event != null));
        }

        private void step(boolean woken) {
            try {
                long remaining = deadline - System.nanoTime();
                if (woken) {
                    registration.rearm();
                }
                if (woken || remaining <= 0 || terminal(jobId)) {
                    Job job = jobs.find(jobId).orElseThrow(() -> expired(jobId));
                    if (job.status().isTerminal() || remaining <= 0) {
                        result.complete(job);
                        return;
                    }
                }
                arm();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private boolean terminal(String jobId) {
        return jobs.statusOf(jobId).orElseThrow(() -> expired(jobId)).isTerminal();
    }

    private static IllegalStateException expired(String jobId) {
        return new IllegalStateException("Job " + jobId + " expired while waited for");
    }

    /**
     * Follows a job until it is final or {@code maxWait} ran out, calling {@code onChange} with the job as
     * first read and again after every event or poll interval.
     *
     * @return the job as last read
     */
    public Job follow(String jobId, Duration maxWait, Consumer<Job> onChange) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (CompletionWaiters.Registration registration = waiters.register(jobId)) {
            while (true) {
                Job job = jobs.find(jobId).orElseThrow(() -> expired(jobId));
                onChange.accept(job);
                long remaining = deadline - System.nanoTime();
                if (job.status().isTerminal() || remaining <= 0) {
                    return job;
                }
                registration.await(Math.min(remaining, pollInterval.toNanos()));
            }
        }
    }
}
