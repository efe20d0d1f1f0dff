package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import java.time.Duration;
import java.util.function.Consumer;
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
     * Reads only the job's status until an event (a final state, or progress) wakes it or the wait is over,
     * then the whole job; goes on waiting if the event was progress.
     *
     * @return the job once final, or as it stands when {@code maxWait} ran out
     * @throws IllegalStateException if the job disappeared (expired) while waited for
     */
    public Job awaitFinal(String jobId, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (CompletionWaiters.Registration registration = waiters.register(jobId)) {
            boolean woken = false;
            while (true) {
                long remaining = deadline - System.nanoTime();
                if (woken || remaining <= 0 || terminal(jobId)) {
                    Job job = jobs.find(jobId).orElseThrow(() -> expired(jobId));
                    if (job.status().isTerminal() || remaining <= 0) {
                        return job;
                    }
                }
                woken = registration.await(Math.min(remaining, pollInterval.toNanos()));
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
