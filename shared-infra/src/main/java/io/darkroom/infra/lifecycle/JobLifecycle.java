package io.darkroom.infra.lifecycle;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.jobs.TransitionOutcome;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.infra.messaging.PublishFailedException;
import io.darkroom.model.Attempt;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;

/**
 * The one owner of a job's lifecycle. Every state change goes through here, and nowhere else:
 * <ul>
 *   <li>each change is one atomic Redis script that checks the {@link JobStatus} transition table (and the
 *       caller's claim), so of two racing writers one wins;</li>
 *   <li>a final move records its event in an outbox in that same script; {@link #relay} then publishes it as
 *       one confirmed, persistent {@code job.<status>} event on the events exchange and drops the entry. A
 *       crash between the two leaves the entry, and the sweeper relays it ({@link #relayOutboxEntry});</li>
 *   <li>webhooks, sync waiters and streams subscribe to that event; nothing else sends it;</li>
 *   <li>a job's work message is published and then marked published in one place ({@link #publish}).</li>
 * </ul>
 * Batch progress is counted in the final move's script itself (exact counts, one read), see the transition script.
 */
public class JobLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobLifecycle.class);
    /** How an outbox entry marks an event with a webhook to deliver. */
    private static final String HOOKED = "hooked";

    private final RedisJobStore jobs;
    private final JobPublisher publisher;

    public JobLifecycle(RedisJobStore jobs, JobPublisher publisher) {
        this.jobs = jobs;
        this.publisher = publisher;
    }

    // --- Accepting work (api)

    /**
     * Stores a new job, publishes its work message and waits for the broker's confirm. A job the broker
     * did not take is failed at once ({@code queue_unavailable}), so it never waits forever; its event is
     * left to the sweeper's relay rather than sent to the broker that just failed (a blocked broker would
     * hold the caller's answer for as long as it stays blocked).
     *
     * @return the job as stored
     * @throws PublishFailedException when the broker did not confirm the job
     */
    public Job submit(Job job) {
        return submit(job, 0);
    }

    /**
     * As {@link #submit(Job)}, the job counting against its owner's concurrent jobs when {@code activeLimit} &gt; 0.
     *
     * @throws io.darkroom.infra.jobs.ConcurrencyLimitException when the owner already has that many unfinished jobs
     */
    public Job submit(Job job, int activeLimit) {
        Job created = jobs.create(job, activeLimit);
        publishOrFail(created);
        return created;
    }

    private void publishOrFail(Job created) {
        try {
            publish(created);
        } catch (PublishFailedException e) {
            jobs.fail(created.id(), null, new JobError("queue_unavailable", "The job queue did not accept the job."));
            throw e;
        }
    }

    /**
     * Stores, publishes and confirms a job whose id was derived (an {@code Idempotency-Key}'s), unless a job
     * with that id exists: then nothing is done. {@code activeLimit} as in {@link #submit(Job, int)}.
     *
     * @return the job as created, or empty when it existed already
     * @throws PublishFailedException when the broker did not confirm it (the job is failed, not lost)
     */
    public Optional<Job> submitOnce(Job job, int activeLimit) {
        Optional<Job> created = jobs.createOnce(job, activeLimit);
        created.ifPresent(this::publishOrFail);
        return created;
    }

    /**
     * A batch line's job: created once (its id is derived from the batch), then published, unless the line is
     * {@linkplain RedisJobStore.BatchLine#held() held} (its key's tier limits batch lines in flight): then it waits
     * for {@link #releaseHeldLines}. A job the broker did not confirm stays stored and unpublished, so the line is
     * not lost: the sweeper publishes it.
     *
     * @return the job as stored, or empty when it existed already or its batch stopped queueing lines
     * @throws PublishFailedException when the broker did not confirm it
     */
    public Optional<Job> submitLine(Job job, RedisJobStore.BatchLine line) {
        Optional<Job> created = jobs.createLine(job, line);
        if (!line.held()) {
            created.ifPresent(this::publish);
        }
        return created;
    }

    /**
     * Publishes as many held lines of the batch as its key's batch lines in flight leave room for (see
     * {@link RedisJobStore#releaseHeldLines}). Called once the batch is in progress, by a held line's final move,
     * and by the api's batch sweeper. A line whose publish fails is left to the sweeper, which republishes it.
     *
     * @return how many lines were released
     */
    public int releaseHeldLines(String batchId) {
        List<String> released = jobs.releaseHeldLines(batchId);
        for (String jobId : released) {
            try {
                jobs.find(jobId).ifPresent(this::publish);
            } catch (PublishFailedException | AmqpException e) {
                log.warn("Released line {} of batch {} could not be published now ({}); the sweeper publishes it", jobId, batchId,
                        e.getMessage());
            }
        }
        return released.size();
    }

    // --- Running it (worker)

    /** See {@link RedisJobStore#claim(String, String, boolean, String, Duration)}. */
    public RedisJobStore.Claim claim(String jobId, String claimToken, boolean redelivered, String workerId, Duration maxRunTime) {
        return jobs.claim(jobId, claimToken, redelivered, workerId, maxRunTime);
    }

    /** See {@link RedisJobStore#takeOverIfHolderGone(String, String, String, Duration)}. */
    public RedisJobStore.Claim takeOverIfHolderGone(String jobId, String claimToken, String workerId, Duration maxRunTime) {
        return jobs.takeOverIfHolderGone(jobId, claimToken, workerId, maxRunTime);
    }

    /** See {@link RedisJobStore#abandon(String, String)}. */
    public boolean abandon(String jobId, String claimToken) {
        return jobs.abandon(jobId, claimToken);
    }

    /** See {@link RedisJobStore#renewLease(String, String)}. */
    public boolean renewLease(String jobId, String claimToken) {
        return jobs.renewLease(jobId, claimToken);
    }

    /**
     * The claim holder stores the result and the attempt that made it: running becomes succeeded (the attempt
     * is logged in the same script), and its event goes out. A late result is refused, its attempt still logged.
     */
    public TransitionOutcome succeed(String jobId, String claimToken, String provider, JobResult result, Attempt attempt) {
        TransitionOutcome outcome = settle(jobId, JobStatus.SUCCEEDED, jobs.succeed(jobId, claimToken, provider, result, attempt));
        if (!outcome.applied() && !"missing".equals(outcome.reason())) {
            jobs.recordAttempt(jobId, attempt);
        }
        return outcome;
    }

    /** The claim holder fails the job (its provider or its request failed for good); its event goes out. */
    public TransitionOutcome fail(String jobId, String claimToken, JobError error) {
        return settle(jobId, JobStatus.FAILED, jobs.fail(jobId, claimToken, error));
    }

    /** The claim holder cancels the job (its deadline passed); its event goes out. */
    public TransitionOutcome cancel(String jobId, String claimToken, JobError reason) {
        return settle(jobId, JobStatus.CANCELED, jobs.cancel(jobId, claimToken, reason));
    }

    /**
     * The claim holder puts the job back to wait {@code tier} for a retry on {@code provider}: queued again,
     * its work message published to the delay tier and confirmed.
     *
     * @return whether the retry was scheduled (false: the claim was lost meanwhile, nothing was published)
     * @throws PublishFailedException when the broker did not confirm the delayed message (the job stays
     *                                queued and unpublished: the sweeper publishes it)
     */
    public boolean retryLater(Job job, String claimToken, String provider, Duration tier) {
        if (!jobs.scheduleRetry(job.id(), claimToken, provider, Instant.now().plus(tier)).applied()) {
            return false;
        }
        publisher.publishDelayed(new Job(job.id(), job.owner(), JobStatus.QUEUED, job.model(), provider, job.lane(), job.request(),
                job.createdAt(), null, null, job.attempts(), null, null, job.deadline()), tier);
        jobs.markPublished(job.id());
        return true;
    }

    /** A partial render's image was stored: recorded on the job and announced to streaming callers (best effort). */
    public void partialStored(String jobId, String imageId) {
        jobs.addPartial(jobId, imageId);
        publisher.announceProgress(jobId);
    }

    // --- From outside a run (api, dead letters, recovery)

    /**
     * Cancels the job from any state that may be canceled (a running one's late result is then discarded);
     * its {@code job.canceled} event goes out.
     */
    public TransitionOutcome cancel(String jobId, JobError reason) {
        return settle(jobId, JobStatus.CANCELED, jobs.cancel(jobId, reason));
    }

    /** Fails a job nobody holds a claim on (a parked message's, a job whose workers kept dying); its event goes out. */
    public TransitionOutcome failUnclaimed(String jobId, JobError error) {
        return settle(jobId, JobStatus.FAILED, jobs.fail(jobId, null, error));
    }

    /** Republishes a job left unpublished (its publisher died or failed), if it still waits. */
    public void republish(String jobId) {
        Optional<Job> job = jobs.find(jobId);
        if (job.isEmpty() || job.get().status() != JobStatus.QUEUED) {
            jobs.forgetUnpublished(jobId);
            return;
        }
        publish(job.get());
        log.warn("Republished job {}: its message was never confirmed", jobId);
    }

    /**
     * Re-drives a running job whose worker's lease expired: back to queued and republished, or failed
     * ({@code worker_lost}) once it has used up {@code maxClaims} claims.
     */
    public void reap(String jobId, int maxClaims) {
        Optional<Job> found = jobs.find(jobId);
        if (found.isEmpty() || found.get().status() != JobStatus.RUNNING) {
            jobs.forgetLease(jobId);
            return;
        }
        Job job = found.get();
        if (job.attempts() >= maxClaims) {
            failUnclaimed(jobId, new JobError("worker_lost", "The job's worker was lost " + job.attempts() + " times; it is not tried again."));
            return;
        }
        if (jobs.requeueIfLeaseExpired(jobId).applied()) {
            publish(job);
            log.warn("Re-drove job {}: its worker's lease expired (claim {})", jobId, job.attempts());
        }
    }

    /**
     * Fails a job still running past its model's maximum run time ({@code max_run_time_exceeded}), whoever
     * runs it: the holder loses its claim (its lease renewal fails, which interrupts its call) and any late
     * result is discarded.
     */
    public void failOverrun(String jobId) {
        TransitionOutcome outcome = settle(jobId, JobStatus.FAILED, jobs.failIfRunning(jobId, new JobError("max_run_time_exceeded",
                "The job ran past its model's maximum run time and was stopped; it can be submitted again.")));
        if (outcome.applied()) {
            log.warn("Job {} failed: it ran past its model's maximum run time", jobId);
        } else {
            jobs.forgetRunDeadline(jobId);
        }
    }

    /** Relays one outbox entry left behind (its relay failed, or its writer died before relaying). */
    public void relayOutboxEntry(String entry) {
        String[] parts = entry.split(" ");
        if (parts.length != 3) {
            log.error("Dropping a malformed outbox entry '{}'", entry);
            jobs.forgetOutboxEntry(entry);
            return;
        }
        relay(new OutboxEntry(parts[0], JobStatus.fromWireName(parts[1]), HOOKED.equals(parts[2])), null);
    }

    /**
     * A final move's event as the transition script records it in the outbox: {@code <job id> <status> <hooked|plain>}.
     *
     * @param hooked whether the event has a webhook to deliver (it is routed to the dispatcher too)
     */
    private record OutboxEntry(String jobId, JobStatus status, boolean hooked) {

        @Override
        public String toString() {
            return jobId + " " + status.wireName() + " " + (hooked ? HOOKED : "plain");
        }
    }

    // --- The two things only this class does

    private TransitionOutcome settle(String jobId, JobStatus status, TransitionOutcome outcome) {
        if (outcome.applied()) {
            relay(new OutboxEntry(jobId, status, outcome.hooked()), outcome.finalState());
            if (outcome.frees() != null) {
                releaseAfter(jobId, outcome.frees());
            }
        }
        return outcome;
    }

    /** A held line ended: its batch's next held lines take its room (the api's batch sweeper does it if this fails). */
    private void releaseAfter(String jobId, String batchId) {
        try {
            releaseHeldLines(batchId);
        } catch (RuntimeException e) {
            log.warn("Could not release held lines of batch {} after line {} ended ({}); the batch sweeper will", batchId, jobId,
                    e.getMessage());
        }
    }

    /**
     * Publishes the event of a recorded final move (with the job's final state when the writer has it) and drops its
     * outbox entry. A failure leaves the entry:
     * the state is stored, and the sweeper relays the event later (the same event id, so deliveries dedup).
     */
    private void relay(OutboxEntry entry, java.util.Map<String, String> finalState) {
        try {
            publisher.publishEvent(entry.jobId(), entry.status(), entry.hooked(), finalState);
            jobs.forgetOutboxEntry(entry.toString());
        } catch (PublishFailedException | AmqpException e) {
            log.warn("The {} event of job {} is recorded but could not be published now ({}); the sweeper relays it",
                    entry.status().wireName(), entry.jobId(), e.getMessage());
        }
    }

    private void publish(Job job) {
        publisher.publish(job);
        jobs.markPublished(job.id());
    }
}
