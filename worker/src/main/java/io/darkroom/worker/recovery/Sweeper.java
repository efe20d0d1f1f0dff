package io.darkroom.worker.recovery;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.Names;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps accepted jobs moving whatever crashed, run by one worker at a time (a short Redis lock); each step
 * is the {@link JobLifecycle}'s:
 * <ul>
 *   <li>the <b>sweeper</b> republishes jobs written to Redis whose message the broker never confirmed (the
 *       api or a worker died between the two); a duplicate message is harmless, the claim dedups it;</li>
 *   <li>the <b>reaper</b> re-drives running jobs whose worker's lease expired (it died, stalled, or Redis lost
 *       its progress): back to queued and republished, or failed once a job has used up its claims;</li>
 *   <li>the <b>watchdog</b> fails jobs still running past their model's maximum run time, on a live worker too;</li>
 *   <li>the <b>relay</b> publishes final events whose outbox entry outlived the grace (their writer died or
 *       the broker refused them when the state was stored).</li>
 * </ul>
 */
@Component
class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);
    private static final int BATCH = 500;

    private final RedisJobStore jobs;
    private final JobLifecycle lifecycle;
    private final StringRedisTemplate redis;
    private final Names names;
    private final RecoveryProperties properties;
    private final String self = UUID.randomUUID().toString();

    Sweeper(RedisJobStore jobs, JobLifecycle lifecycle, StringRedisTemplate redis, Names names, RecoveryProperties properties) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.redis = redis;
        this.names = names;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${darkroom.worker.recovery.interval:5s}", initialDelayString = "${darkroom.worker.recovery.interval:5s}")
    void sweep() {
        try {
            if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(names.sweeperLockKey(), self, properties.interval()))) {
                return;
            }
            jobs.unpublishedFor(properties.publishGrace(), BATCH).forEach(jobId -> isolated("republish", jobId, lifecycle::republish));
            jobs.expiredLeases(BATCH).forEach(jobId -> isolated("reap", jobId, id -> lifecycle.reap(id, properties.maxClaims())));
            jobs.overrunning(BATCH).forEach(jobId -> isolated("stop the overrun", jobId, lifecycle::failOverrun));
            jobs.outboxOlderThan(properties.publishGrace(), BATCH).forEach(entry -> isolated("relay the event", entry,
                    lifecycle::relayOutboxEntry));
        } catch (DataAccessException | AmqpException e) {
            log.warn("Sweep skipped, a backing service is unavailable ({}); the next one will catch up", e.getMessage());
        }
    }

    /** One job's trouble (an unroutable message, say) must not stop the sweep of every other job. */
    private void isolated(String what, String subject, Consumer<String> step) {
        try {
            step.accept(subject);
        } catch (RuntimeException e) {
            log.error("Could not {} of {}; the next sweep tries again", what, subject, e);
        }
    }
}
