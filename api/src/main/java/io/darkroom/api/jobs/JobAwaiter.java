package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
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
     * Waits without holding a thread: reads only the job's status until an event (a final state, or
     * progress) wakes it or the wait is over, then the whole job; goes on waiting if the event was
     * progress. Each read runs on a fresh virtual thread, never on the thread that delivered the event.
     *
     * @return the job once final, or as it stands when {@code maxWait} ran out; completes exceptionally
     *         with {@link IllegalStateException} if the job disappeared (expired) while waited for
     */
    public CompletableFuture<Job> awaitFinal(String jobId, Duration maxWait) {
        Wait wait = new Wait(jobId, System.nanoTime() + maxWait.toNanos(), waiters.register(jobId));
        wait.step(false);
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
                registration.next(Math.min(remaining, pollInterval.toNanos())).thenAcceptAsync(this::step, STEPS);
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
