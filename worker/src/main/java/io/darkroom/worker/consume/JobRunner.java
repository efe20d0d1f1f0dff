package io.darkroom.worker.consume;

import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.jobs.TransitionOutcome;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.infra.messaging.RetryTiers;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.worker.WorkerProperties;
import io.darkroom.worker.imaging.Transcoder;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.routing.ProviderRouter;
import io.darkroom.worker.routing.RoutedOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one delivery of a job: claims it through the {@link JobLifecycle} (a duplicate, a finished or a
 * canceled job is skipped; the claim returns the job and its attempts), keeps its lease while it runs,
 * routes it to its providers, then records the outcome under the claim: the result, a retry scheduled on a
 * delay queue, a cancel (deadline passed) or a failure. The lifecycle sends each final state's event.
 * Returning normally means the message may be acked; throwing means it must go back to the queue.
 */
@Component
class JobRunner {

    /** Counter of deliveries handled, tagged by outcome: succeeded, failed, canceled, retry, skipped, discarded, held. */
    static final String DELIVERIES = "darkroom.worker.deliveries";
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobLifecycle lifecycle;
    private final ImageStore images;
    private final ProviderRouter router;
    private final ModelCatalog catalog;
    private final LeaseKeeper leases;
    private final MeterRegistry meters;
    private final Heartbeat heartbeat;
    private final WorkerProperties properties;
    private final Transcoder transcoder = new Transcoder();

    JobRunner(JobLifecycle lifecycle, ImageStore images, ProviderRouter router, ModelCatalog catalog, LeaseKeeper leases,
            MeterRegistry meters, Heartbeat heartbeat, WorkerProperties properties) {
        this.lifecycle = lifecycle;
        this.images = images;
        this.router = router;
        this.catalog = catalog;
        this.leases = leases;
        this.meters = meters;
        this.heartbeat = heartbeat;
        this.properties = properties;
    }

    /**
     * @param model       the job's model, as the message names it (its maximum run time applies from the claim)
     * @param redelivered the broker's redelivered flag: the message's previous holder may be gone
     */
    void run(String jobId, String model, boolean redelivered) throws Exception {
        String claim = UUID.randomUUID().toString();
        Duration maxRunTime = properties.maxRunTimeOf(model);
        RedisJobStore.Claim claimed = claimOrHold(jobId, claim, redelivered, maxRunTime);
        if (!claimed.outcome().applied()) {
            log.info("Skipping job {}: {} (a duplicate delivery, a finished or canceled job, or it is gone)", jobId,
                    claimed.outcome().reason());
            meters.counter(DELIVERIES, "outcome", "skipped").increment();
            return;
        }
        try (AutoCloseable lease = leases.keep(jobId, claim)) {
            runClaimed(claimed, claim);
        } catch (Exception e) {
            lifecycle.abandon(jobId, claim);
            throw e;
        }
    }

    /**
     * Claims the job; a redelivery of a job whose holder still lives (the broker timed out a long delivery,
     * or the holder's connection dropped while it kept working) is held, unacked, until the job ends or its
     * holder dies, so that the job is never sent upstream twice.
     */
    private RedisJobStore.Claim claimOrHold(String jobId, String claim, boolean redelivered, Duration maxRunTime)
            throws InterruptedException {
        RedisJobStore.Claim claimed = lifecycle.claim(jobId, claim, redelivered, heartbeat.workerId(), maxRunTime);
        if (claimed.outcome().held()) {
            log.info("Job {} runs on a live worker; holding its redelivered message until it ends or that worker dies", jobId);
            meters.counter(DELIVERIES, "outcome", "held").increment();
        }
        while (claimed.outcome().held()) {
            Thread.sleep(heartbeat.holdPoll());
            claimed = lifecycle.takeOverIfHolderGone(jobId, claim, heartbeat.workerId(), maxRunTime);
        }
        return claimed;
    }

    private void runClaimed(RedisJobStore.Claim claimed, String claim) {
        Job job = claimed.job();
        ModelSpec model = catalog.find(job.model()).orElse(null);
        if (model == null) {
            count(lifecycle.fail(job.id(), claim, new JobError("model_not_found", "The model " + job.model() + " is no longer served.")),
                    JobStatus.FAILED, job);
            return;
        }
        log.debug("Running job {} (model {}, claim {} of the job)", job.id(), job.model(), job.attempts());
        RoutedOutcome outcome = router.route(job, claimed.attempts(), model, provider -> new StoredContext(job,
                model.route(provider).orElseThrow().upstreamModel(), images, lifecycle));
        if (outcome.succeeded()) {
            finishSucceeded(job, model, claim, outcome);
        } else if (outcome.retrying()) {
            scheduleRetry(job, claim, outcome);
        } else if (outcome.deadlinePassed()) {
            count(lifecycle.cancel(job.id(), claim, outcome.error()), JobStatus.CANCELED, job);
        } else {
            log.warn("Job {} failed: {} {}", job.id(), outcome.error().code(), outcome.error().message());
            count(lifecycle.fail(job.id(), claim, outcome.error()), JobStatus.FAILED, job);
        }
    }

    private void scheduleRetry(Job job, String claim, RoutedOutcome outcome) {
        Duration tier = RetryTiers.tierFor(outcome.retryAfter());
        if (!lifecycle.retryLater(job, claim, outcome.provider(), tier)) {
            log.info("Discarding the late outcome of job {} (claim {}): a retry, but its claim was lost", job.id(), job.attempts());
            meters.counter(DELIVERIES, "outcome", "discarded").increment();
            return;
        }
        meters.counter(DELIVERIES, "outcome", "retry").increment();
        log.info("Job {} retries on {} in {} ({})", job.id(), outcome.provider(), tier, outcome.error().code());
    }

    private void finishSucceeded(Job job, ModelSpec model, String claim, RoutedOutcome outcome) {
        ProviderResult output = outcome.result();
        List<GeneratedImage> stored = output.images().stream().map(image -> store(transcoder.toRequested(image, job.request())))
                .toList();
        BigDecimal cost = model.costOf(outcome.provider(), job.request(), stored.size(), output.usage());
        count(lifecycle.succeed(job.id(), claim, outcome.provider(), new JobResult(stored, output.revisedPrompt(), output.seed(), cost,
                output.usage()), outcome.attempt()), JobStatus.SUCCEEDED, job);
    }

    private void count(TransitionOutcome outcome, JobStatus status, Job job) {
        meters.counter(DELIVERIES, "outcome", outcome.applied() ? status.wireName() : "discarded").increment();
        if (!outcome.applied()) {
            log.info("Discarding the late outcome of job {} (claim {}): {}", job.id(), job.attempts(), outcome.reason());
        }
    }

    private GeneratedImage store(RenderedImage image) {
        String imageId = Ids.newImageId(image.format());
        images.put(imageId, image.bytes());
        return new GeneratedImage(imageId, image.format(), image.width(), image.height(), image.bytes().length);
    }
}
