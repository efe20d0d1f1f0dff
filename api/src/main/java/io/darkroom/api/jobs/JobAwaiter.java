package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Waits until a job is final or a deadline passes. Woken at once by the job's completion event; re-reads
 * Redis every poll interval as the safety net for a lost event. Meant for virtual threads: it blocks.
 */
@Component
public class JobAwaiter {

    private final CompletionWaiters waiters;
    private final RedisJobStore jobs;
    private final Duration pollInterval;

    JobAwaiter(CompletionWaiters waiters, RedisJobStore jobs, ApiProperties properties) {
        this.waiters = waiters;
        this.jobs = jobs;
        this.pollInterval = properties.pollInterval();
    }

    /**
     * @return the job once final, or as it stands when {@code maxWait} ran out
     * @throws IllegalStateException if the job disappeared (expired) while waited for
     */
    public Job awaitFinal(String jobId, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (CompletionWaiters.Registration registration = waiters.register(jobId)) {
            while (true) {
                Job job = jobs.find(jobId).orElseThrow(() -> new IllegalStateException("Job " + jobId + " expired while awaited"));
                long remaining = deadline - System.nanoTime();
                if (job.status().isTerminal() || remaining <= 0) {
                    return job;
                }
                sleepUntilSignalled(registration, Math.min(remaining, pollInterval.toNanos()));
            }
        }
    }

    private static void sleepUntilSignalled(CompletionWaiters.Registration registration, long nanos) {
        try {
            registration.signal().get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the poll interval passed: re-read Redis
        } catch (ExecutionException e) {
            throw new IllegalStateException("A completion signal cannot fail", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a job", e);
        }
    }
}
