package io.darkroom.worker.recovery;

import io.darkroom.infra.messaging.JobEvents;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.jobs.TransitionOutcome;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps accepted jobs moving whatever crashed, run by one worker at a time (a short Redis lock):
 * <ul>
 *   <li>the <b>sweeper</b> republishes jobs written to Redis whose message the broker never confirmed (the
 *       api or a worker died between the two); a duplicate message is harmless, the claim dedups it;</li>
 *   <li>the <b>reaper</b> re-drives running jobs whose worker's lease expired (it died, stalled, or Redis lost
 *       its progress): back to queued and republished, or failed once a job has used up its claims.</li>
 * </ul>
 */
@Component
class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final int BATCH = 500;

    private final RedisJobStore jobs;
    private final JobPublisher publisher;
    private final StringRedisTemplate redis;
    private final Names names;
    private final RecoveryProperties properties;
    private final JobEvents announcements;
    private final io.darkroom.infra.webhooks.WebhookTrigger webhooks;
    private final String self = UUID.randomUUID().toString();

    Sweeper(RedisJobStore jobs, JobPublisher publisher, StringRedisTemplate redis, Names names, RecoveryProperties properties,
            JobEvents announcements,
            io.darkroom.infra.webhooks.WebhookTrigger webhooks) {
        this.webhooks = webhooks;
        this.jobs = jobs;
        this.publisher = publisher;
        this.redis = redis;
        this.names = names;
        this.properties = properties;
        this.announcements = announcements;
    }

    @Scheduled(fixedDelayString = "${darkroom.worker.recovery.interval:5s}", initialDelayString = "${darkroom.worker.recovery.interval:5s}")
    void sweep() {
        try {
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(names.sweeperLockKey(), self, properties.interval()))) {
                return;
            }
            jobs.unpublishedFor(properties.publishGrace(), BATCH).forEach(jobId -> isolated("republish", jobId, this::republish));
            jobs.expiredLeases(BATCH).forEach(jobId -> isolated("reap", jobId, this::reap));
        } catch (DataAccessException | AmqpException e) {
            log.warn("Sweep skipped, a backing service is unavailable ({}); the next one will catch up", e.getMessage());
        }
    }

    /** One job's trouble (an unroutable message, say) must not stop the sweep of every other job. */
    private void isolated(String what, String jobId, java.util.function.Consumer<String> step) {
        try {
            step.accept(jobId);
        } catch (RuntimeException e) {
            log.error("Could not {} job {}; the next sweep tries again", what, jobId, e);
        }
    }

    private void republish(String jobId) {
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty() || job.get().status() != JobStatus.QUEUED) {
            jobs.forgetUnpublished(jobId);
            return;
        }
        publisher.publish(job.get());
        jobs.markPublished(jobId);
        log.warn("Republished job {}: its message was never confirmed", jobId);
    }

    private void reap(String jobId) {
        Optional<Job> found = jobs.find(jobId);
        if (found.isEmpty() || found.get().status() != JobStatus.RUNNING) {
            jobs.forgetLease(jobId);
            return;
        }
        Job job = found.get();
        if (job.attempts() >= properties.maxClaims()) {
            TransitionOutcome failed = jobs.fail(jobId, null, new JobError("worker_lost",
                    "The job's worker was lost " + job.attempts() + " times; it is not tried again."));
            if (failed.applied()) {
                webhooks.trigger(jobId, JobStatus.FAILED);
                announcements.announce(jobId, JobStatus.FAILED);
            }
            return;
        }
        if (jobs.requeueIfLeaseExpired(jobId).applied()) {
            publisher.publish(job);
            jobs.markPublished(jobId);
            log.warn("Re-drove job {}: its worker's lease expired (claim {})", jobId, job.attempts());
        }
    }
}
