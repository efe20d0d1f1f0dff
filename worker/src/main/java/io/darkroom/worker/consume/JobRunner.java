package io.darkroom.worker.consume;

import io.darkroom.infra.messaging.JobEvents;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.jobs.TransitionOutcome;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.infra.messaging.RetryTiers;
import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.worker.imaging.Transcoder;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.routing.ProviderRouter;
import io.darkroom.worker.routing.RoutedOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one delivery of a job: claims it (a duplicate, a finished or a canceled job is skipped), keeps its
 * lease while it runs, routes it to its providers, then records the outcome under the claim: the result,
 * a retry scheduled on a delay queue, a cancel (deadline passed) or a failure. Returning normally means
 * the message may be acked; throwing means it must go back to the queue.
 */
@Component
class JobRunner {

    /** Counter of deliveries handled, tagged by outcome: succeeded, failed, canceled, retry, skipped, discarded, held. */
    static final String DELIVERIES = "darkroom.worker.deliveries";
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final RedisJobStore jobs;
    private final ImageStore images;
    private final ProviderRouter router;
    private final ModelCatalog catalog;
    private final JobEvents announcer;
    private final JobPublisher publisher;
    private final LeaseKeeper leases;
    private final MeterRegistry meters;
    private final WebhookTrigger webhooks;
    private final Heartbeat heartbeat;
    private final Transcoder transcoder = new Transcoder();

    JobRunner(RedisJobStore jobs, ImageStore images, ProviderRouter router, ModelCatalog catalog, JobEvents announcer,
            JobPublisher publisher, LeaseKeeper leases, MeterRegistry meters, WebhookTrigger webhooks, Heartbeat heartbeat) {
        this.webhooks = webhooks;
        this.heartbeat = heartbeat;
        this.jobs = jobs;
        this.images = images;
        this.router = router;
        this.catalog = catalog;
        this.announcer = announcer;
        this.publisher = publisher;
        this.leases = leases;
        this.meters = meters;
    }

    /**
     * @param redelivered the broker's redelivered flag: the message's previous holder may be gone
     */
    void run(String jobId, boolean redelivered) throws Exception {
        String claim = UUID.randomUUID().toString();
        TransitionOutcome claimed = claimOrHold(jobId, claim, redelivered);
        if (!claimed.applied()) {
            log.info("Skipping job {}: {} (a duplicate delivery, a finished or canceled job, or it is gone)", jobId, claimed.reason());
            meters.counter(DELIVERIES, "outcome", "skipped").increment();
            retriggerWebhooksOfFinal(jobId, claimed.reason());
            return;
        }
        try (AutoCloseable lease = leases.keep(jobId, claim)) {
            Job job = jobs.find(jobId).orElseThrow(() -> new IllegalStateException("Job " + jobId + " vanished after its claim"));
            runClaimed(job, claim);
        } catch (Exception e) {
            jobs.abandon(jobId, claim);
            throw e;
        }
    }

    /**
     * Claims the job; a redelivery of a job whose holder still lives (the broker timed out a long delivery,
     * or the holder's connection dropped while it kept working) is held, unacked, until the job ends or its
     * holder dies, so that the job is never sent upstream twice.
     */
    private TransitionOutcome claimOrHold(String jobId, String claim, boolean redelivered) throws InterruptedException {
        TransitionOutcome claimed = jobs.claim(jobId, claim, redelivered, heartbeat.workerId());
        if (claimed.held()) {
            log.info("Job {} runs on a live worker; holding its redelivered message until it ends or that worker dies", jobId);
            meters.counter(DELIVERIES, "outcome", "held").increment();
        }
        while (claimed.held()) {
            Thread.sleep(heartbeat.holdPoll());
            claimed = jobs.takeOverIfHolderGone(jobId, claim, heartbeat.workerId());
        }
        return claimed;
    }

    private void runClaimed(Job job, String claim) {
        ModelSpec model = catalog.find(job.model()).orElse(null);
        if (model == null) {
            finish(job, jobs.fail(job.id(), claim, new JobError("model_not_found", "The model " + job.model() + " is no longer served.")),
                    JobStatus.FAILED);
            return;
        }
        log.info("Running job {} (model {}, claim {} of the job)", job.id(), job.model(), job.attempts());
        RoutedOutcome outcome = router.route(job, model, provider -> new StoredContext(job,
                model.route(provider).orElseThrow().upstreamModel(), images, jobs, announcer));
        if (outcome.succeeded()) {
            finishSucceeded(job, model, claim, outcome.provider(), outcome.result());
        } else if (outcome.retrying()) {
            scheduleRetry(job, claim, outcome);
        } else if (outcome.deadlinePassed()) {
            finish(job, jobs.cancel(job.id(), claim, outcome.error()), JobStatus.CANCELED);
        } else {
            log.warn("Job {} failed: {} {}", job.id(), outcome.error().code(), outcome.error().message());
            finish(job, jobs.fail(job.id(), claim, outcome.error()), JobStatus.FAILED);
        }
    }

    private void scheduleRetry(Job job, String claim, RoutedOutcome outcome) {
        Duration tier = RetryTiers.tierFor(outcome.retryAfter());
        TransitionOutcome queued = jobs.scheduleRetry(job.id(), claim, outcome.provider(), Instant.now().plus(tier));
        if (!queued.applied()) {
            log.info("Not retrying job {}: {}", job.id(), queued.reason());
            meters.counter(DELIVERIES, "outcome", "discarded").increment();
            return;
        }
        Job retry = new Job(job.id(), job.owner(), JobStatus.QUEUED, job.model(), outcome.provider(), job.lane(), job.request(),
                job.createdAt(), null, null, job.attempts(), null, null, job.deadline());
        publisher.publishDelayed(retry, tier);
        jobs.markPublished(job.id());
        meters.counter(DELIVERIES, "outcome", "retry").increment();
        log.info("Job {} retries on {} in {} ({})", job.id(), outcome.provider(), tier, outcome.error().code());
    }

    private void finishSucceeded(Job job, ModelSpec model, String claim, String provider, ProviderResult output) {
        List<GeneratedImage> stored = output.images().stream().map(image -> store(transcoder.toRequested(image, job.request())))
                .toList();
        BigDecimal cost = model.costOf(provider, job.request(), stored.size(), output.usage());
        finish(job, jobs.succeed(job.id(), claim, provider, new JobResult(stored, output.revisedPrompt(), output.seed(), cost,
                output.usage())), JobStatus.SUCCEEDED);
    }

    /**
     * A redelivered message of a job already final: its worker may have died between storing the state and
     * handing the event to the webhooks, so hand it again (deliveries dedup by event and endpoint).
     */
    private void retriggerWebhooksOfFinal(String jobId, String status) {
        if (status.equals("succeeded") || status.equals("failed") || status.equals("canceled")) {
            webhooks.trigger(jobId, JobStatus.fromWireName(status));
        }
    }

    private void finish(Job job, TransitionOutcome outcome, JobStatus status) {
        meters.counter(DELIVERIES, "outcome", outcome.applied() ? status.wireName() : "discarded").increment();
        if (outcome.applied()) {
            webhooks.trigger(job.id(), status);
            announcer.announce(job.id(), status);
        } else {
            log.info("Discarding the late outcome of job {} (claim {}): {}", job.id(), job.attempts(), outcome.reason());
        }
    }

    private GeneratedImage store(RenderedImage image) {
        String imageId = Ids.newImageId(image.format());
        images.put(imageId, image.bytes());
        return new GeneratedImage(imageId, image.format(), image.width(), image.height(), image.bytes().length);
    }
}
