package io.darkroom.worker.consume;

import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.jobs.TransitionOutcome;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ModelCatalog;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.routing.ProviderRouter;
import io.darkroom.worker.routing.RoutedOutcome;
import io.darkroom.model.ModelSpec;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.imaging.Transcoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one delivery of a job: claims it (a duplicate or a finished job is skipped), calls its provider,
 * stores the images, records the final state under the claim, and announces it. Returning normally
 * means the message may be acked; throwing means it must go back to the queue.
 */
@Component
class JobRunner {

    /** Counter of deliveries handled, tagged by outcome: succeeded, failed, skipped, discarded. */
    static final String DELIVERIES = "darkroom.worker.deliveries";
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final RedisJobStore jobs;
    private final ImageStore images;
    private final ProviderRouter router;
    private final ModelCatalog catalog;
    private final CompletionAnnouncer announcer;
    private final MeterRegistry meters;
    private final Transcoder transcoder = new Transcoder();

    JobRunner(RedisJobStore jobs, ImageStore images, ProviderRouter router, ModelCatalog catalog,
            CompletionAnnouncer announcer, MeterRegistry meters) {
        this.meters = meters;
        this.jobs = jobs;
        this.images = images;
        this.router = router;
        this.catalog = catalog;
        this.announcer = announcer;
    }

    /**
     * @param redelivered the broker's redelivered flag: the message's previous holder is gone
     */
    void run(String jobId, boolean redelivered) {
        String claim = UUID.randomUUID().toString();
        TransitionOutcome claimed = jobs.claim(jobId, claim, redelivered);
        if (!claimed.applied()) {
            log.info("Skipping job {}: {} (a duplicate delivery, or the job is gone)", jobId, claimed.reason());
            meters.counter(DELIVERIES, "outcome", "skipped").increment();
            return;
        }
        Job job = jobs.find(jobId).orElseThrow(() -> new IllegalStateException("Job " + jobId + " vanished after its claim"));
        ModelSpec model = catalog.find(job.model()).orElse(null);
        if (model == null) {
            finishFailed(job, claim, new JobError("model_not_found", "The model " + job.model() + " is no longer in the catalog."));
            return;
        }
        log.info("Running job {} (model {}, claim {} of the job)", jobId, job.model(), job.attempts());
        RoutedOutcome outcome = router.route(job, model, provider -> new StoredContext(job,
                model.route(provider).orElseThrow().upstreamModel(), images, jobs, announcer));
        if (outcome.succeeded()) {
            finishSucceeded(job, model, claim, outcome.provider(), outcome.result());
        } else {
            log.warn("Job {} failed: {} {}", jobId, outcome.error().code(), outcome.error().message());
            finishFailed(job, claim, outcome.error());
        }
    }

    private void finishSucceeded(Job job, ModelSpec model, String claim, String provider, ProviderResult output) {
        List<GeneratedImage> stored = output.images().stream().map(image -> store(transcoder.toRequested(image, job.request())))
                .toList();
        BigDecimal cost = model.costOf(provider, job.request(), stored.size(), output.usage());
        TransitionOutcome outcome = jobs.succeed(job.id(), claim, provider,
                new JobResult(stored, output.revisedPrompt(), output.seed(), cost, output.usage()));
        announce(job, outcome, JobStatus.SUCCEEDED);
    }

    private void finishFailed(Job job, String claim, JobError error) {
        announce(job, jobs.fail(job.id(), claim, error), JobStatus.FAILED);
    }

    private void announce(Job job, TransitionOutcome outcome, JobStatus status) {
        meters.counter(DELIVERIES, "outcome", outcome.applied() ? status.wireName() : "discarded").increment();
        if (outcome.applied()) {
            announcer.announce(job.id(), status);
        } else {
            log.info("Discarding the late result of job {} (attempt {}): {}", job.id(), job.attempts(), outcome.reason());
        }
    }

    private GeneratedImage store(RenderedImage image) {
        String imageId = Ids.newImageId(image.format());
        images.put(imageId, image.bytes());
        return new GeneratedImage(imageId, image.format(), image.width(), image.height(), image.bytes().length);
    }

}
