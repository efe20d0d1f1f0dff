package io.darkroom.worker.consume;

import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.jobs.RedisJobStore;
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
 * a worker that dies or stalls stops renewing, and its jobs are re-driven once their leases expire.
 */
@Component
class LeaseKeeper implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final RedisJobStore jobs;
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("lease-renewer").daemon().factory());

    LeaseKeeper(RedisJobStore jobs, DarkroomProperties properties) {
        this.jobs = jobs;
        long every = Math.max(100, properties.jobLease().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code jobId}'s lease alive until the returned handle is closed. */
    AutoCloseable keep(String jobId, String claim) {
        running.put(jobId, claim);
        return () -> running.remove(jobId, claim);
    }

    private void renewAll() {
        running.forEach((jobId, claim) -> {
            try {
                if (!jobs.renewLease(jobId, claim)) {
                    running.remove(jobId, claim);
                    log.warn("Job {} is no longer this worker's (canceled, re-driven or finished); its result will be discarded", jobId);
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
