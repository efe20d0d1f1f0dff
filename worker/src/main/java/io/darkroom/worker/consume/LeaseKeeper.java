package io.darkroom.worker.consume;

import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.lifecycle.JobLifecycle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Renews the lease of every job this worker runs, every third of a lease, so the reaper leaves them alone;
 * a worker that dies or stalls stops renewing, and its jobs are re-driven once their leases expire. A job
 * this worker no longer holds (failed past its maximum run time, re-driven, taken over) has its thread
 * interrupted, so a hung provider call stops rather than running on for nothing.
 */
@Component
class LeaseKeeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobLifecycle jobs;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lease-renewer").daemon().factory());

    /** One job's run on this worker: its claim, and the thread running it. */
    private record Run(String claim, Thread thread) {
    }

    LeaseKeeper(JobLifecycle jobs, DarkroomProperties properties) {
        this.jobs = jobs;
        long every = Math.max(100, properties.jobLease().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Keeps {@code jobId}'s lease alive until the returned handle is closed; the calling thread is the one
     * interrupted if the claim is lost meanwhile. Closing clears an interrupt that came too late to matter.
     */
    AutoCloseable keep(String jobId, String claim) {
        Run run = new Run(claim, Thread.currentThread());
        running.put(jobId, run);
        return () -> {
            if (!running.remove(jobId, run)) {
                Thread.interrupted();
            }
        };
    }

    private void renewAll() {
        running.forEach((jobId, run) -> {
            try {
                if (!jobs.renewLease(jobId, run.claim()) && running.remove(jobId, run)) {
                    log.warn("Job {} is no longer this worker's (failed past its run time, re-driven or taken over); stopping its run",
                            jobId);
                    run.thread().interrupt();
                }
            } catch (RuntimeException e) {
                log.warn("Renewing the lease of job {} failed; will try again", jobId, e);
            }
        });
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
    }
}
