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
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderRegistry;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
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
    private final ProviderRegistry providers;
    private final ModelCatalog catalog;
    private final CompletionAnnouncer announcer;
    private final MeterRegistry meters;

    JobRunner(RedisJobStore jobs, ImageStore images, ProviderRegistry providers, ModelCatalog catalog,
            CompletionAnnouncer announcer, MeterRegistry meters) {
        this.meters = meters;
        this.jobs = jobs;
        this.images = images;
        this.providers = providers;
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
        log.info("Running job {} on {} (model {}, attempt {})", jobId, job.provider(), job.model(), job.attempts());
        ImageProvider provider = providers.find(job.provider()).orElse(null);
        if (provider == null) {
            finishFailed(job, claim, new JobError("provider_unavailable",
                    "No worker here serves the provider '" + job.provider() + "'."));
            return;
        }
        try {
            ProviderResult output = provider.generate(job.request(), new StoredContext(job, images, jobs, announcer));
            finishSucceeded(job, claim, output);
        } catch (ProviderException e) {
            log.warn("Job {} failed on {} (attempt {}): {} {}", jobId, job.provider(), job.attempts(), e.code(), e.getMessage());
            finishFailed(job, claim, new JobError(e.code(), e.getMessage()));
        }
    }

    private void finishSucceeded(Job job, String claim, ProviderResult output) {
        List<GeneratedImage> stored = output.images().stream().map(this::store).toList();
        BigDecimal cost = catalog.find(job.model()).map(model -> model.costOf(stored.size())).orElse(BigDecimal.ZERO);
        TransitionOutcome outcome = jobs.succeed(job.id(), claim, new JobResult(stored, output.revisedPrompt(), output.seed(), cost));
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
