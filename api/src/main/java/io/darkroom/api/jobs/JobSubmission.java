package io.darkroom.api.jobs;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.idempotency.IdempotentJob;
import io.darkroom.api.limits.Budgets;
import io.darkroom.api.limits.RateLimitHeaders;
import io.darkroom.api.limits.RateLimits;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.infra.messaging.PublishFailedException;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.ValidatedImageRequest;
import java.util.Optional;
import java.util.function.Function;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a request into an accepted job: validates it against the catalog and chooses its first provider,
 * then hands it to the {@link JobLifecycle}, which stores it, publishes it and waits for the broker's
 * confirm. Only a confirmed job is returned; one the broker did not take is failed at once, so it never
 * waits forever.
 */
@Component
public class JobSubmission {

    private static final Logger log = LoggerFactory.getLogger(JobSubmission.class);

    private final ModelCatalog catalog;
    private final JobLifecycle lifecycle;
    private final MeterRegistry meters;
    /** The submitted counter per model, provider and lane, looked up once. */
    private final java.util.Map<String, io.micrometer.core.instrument.Counter> submitted = new java.util.concurrent.ConcurrentHashMap<>();
    private final ProviderAvailability availability;
    private final RedisJobStore jobs;
    private final RateLimits limits;
    private final Budgets budgets;

    JobSubmission(ModelCatalog catalog, JobLifecycle lifecycle, MeterRegistry meters, ProviderAvailability availability,
            RedisJobStore jobs, RateLimits limits, Budgets budgets) {
        this.budgets = budgets;
        this.jobs = jobs;
        this.limits = limits;
        this.availability = availability;
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.meters = meters;
    }

    /**
     * Validates a request without accepting it, so a caller can refuse bad input before storing uploads.
     *
     * @throws io.darkroom.model.InvalidRequestException when the request is refused
     */
    public void check(ImageRequest request) {
        catalog.validate(request);
    }

    /**
     * Validates a batch line's request as its endpoint would, including that a provider of its model is
     * configured here (a provider failing right now is not the line's fault: its job waits for one).
     *
     * @return the validated request
     * @throws io.darkroom.model.InvalidRequestException or a 4xx {@link io.darkroom.api.errors.ApiException} when refused
     */
    public ValidatedImageRequest checkLine(ImageRequest request) {
        ValidatedImageRequest validated = catalog.validate(request);
        try {
            availability.firstProvider(catalog.find(validated.model()).orElseThrow(), validated);
        } catch (io.darkroom.api.errors.ApiException e) {
            if (e.status().is4xxClientError()) {
                throw e;
            }
        }
        return validated;
    }

    /**
     * @param lane the lane the endpoint implies; a request's {@code priority: bulk} moves an interactive one to bulk
     * @throws io.darkroom.model.InvalidRequestException when the request is refused
     * @throws PublishFailedException when the broker did not confirm the job (it is failed, not lost)
     */
    public Job submit(Caller caller, ImageRequest request, Lane lane) {
        return submit(caller, request, lane, java.util.Optional.empty());
    }

    /**
     * @param cancelAfter when present, the job is canceled if not finished that long after it was accepted
     */
    public Job submit(Caller caller, ImageRequest request, Lane lane, java.util.Optional<java.time.Duration> cancelAfter) {
        return submit(caller, request, lane, cancelAfter, null);
    }

    /**
     * @param idempotent when the request came with an {@code Idempotency-Key} (else null): the job it answers
     *                   with, made now under its derived id unless an earlier attempt made it; an earlier
     *                   attempt's job is returned as it stands, so the caller waits for it as the first did
     */
    public Job submit(Caller caller, ImageRequest request, Lane lane, java.util.Optional<java.time.Duration> cancelAfter,
            IdempotentJob idempotent) {
        if (idempotent == null) {
            Job job = make(caller, newJob(Ids.newJobId(), caller.keyId(), admitted(caller, request), lane, cancelAfter),
                    made -> Optional.of(lifecycle.submit(made, limits.concurrentJobs(caller)))).orElseThrow();
            accepted(caller.keyId(), job);
            return job;
        }
        // a reservation made for a job another attempt created in the meantime stays held until the day or month ends
        Job job = jobs.find(idempotent.jobId()).filter(earlier -> earlier.owner().equals(caller.keyId()))
                .or(() -> make(caller, newJob(idempotent.jobId(), caller.keyId(), admitted(caller, request), lane, cancelAfter),
                        made -> lifecycle.submitOnce(made, limits.concurrentJobs(caller))).map(created -> {
                            accepted(caller.keyId(), created);
                            return created;
                        }))
                .or(() -> jobs.find(idempotent.jobId()))
                .orElseThrow(() -> new IllegalStateException("Job " + idempotent.jobId() + " vanished as it was made"));
        idempotent.recordJob();
        return job;
    }

    /**
     * A batch line's job, on the bulk lane, under the id {@code jobId} derived from the batch: created once
     * (a line submitted again finds its job and does not queue it twice), then published. A job the broker
     * did not confirm stays stored and unpublished, so the line is not lost (the worker's sweeper publishes
     * it); the failure is thrown so that the batch's submission pauses.
     *
     * @param request the line's request as {@link #checkLine} validated it (with its input images stored)
     * @return whether this call created the job
     * @throws PublishFailedException when the broker did not confirm it
     */
    public boolean submitLine(String owner, ValidatedImageRequest request, String jobId, RedisJobStore.BatchLine line) {
        Job job = newJob(jobId, owner, request, Lane.BULK, java.util.Optional.empty());
        if (lifecycle.submitLine(job, line.held() ? line.costing(Budgets.micros(budgets.expectedCost(job))) : line).isEmpty()) {
            return false;
        }
        accepted(owner, job);
        return true;
    }

    /**
     * The request validated, then counted against the caller's limits; the limits as they stand go out as
     * the answer's rate-limit headers.
     */
    private ValidatedImageRequest admitted(Caller caller, ImageRequest request) {
        ValidatedImageRequest validated = catalog.validate(request);
        limits.checkConcurrentJobs(caller);
        limits.admit(caller, validated.n()).ifPresent(RateLimitHeaders::set);
        return validated;
    }

    /**
     * Submits {@code job} after reserving its expected cost against the caller's budget (429 insufficient_quota at a
     * cap); a caller at its tier's concurrent jobs is answered 429, and the reservation is given back.
     */
    private Optional<Job> make(Caller caller, Job job, Function<Job, Optional<Job>> submit) {
        budgets.reserve(caller, job);
        try {
            return submit.apply(job);
        } catch (io.darkroom.infra.jobs.ConcurrencyLimitException e) {
            budgets.release(caller, job.id());
            throw limits.atConcurrentJobs(caller);
        }
    }

    private Job newJob(String id, String owner, ValidatedImageRequest validated, Lane lane,
            java.util.Optional<java.time.Duration> cancelAfter) {
        ModelSpec model = catalog.find(validated.model()).orElseThrow();
        Lane chosen = lane == Lane.BULK ? Lane.BULK : validated.lane();
        String provider = availability.firstProvider(model, validated);
        return Job.queued(id, owner, model, provider, chosen, validated)
                .withDeadline(cancelAfter.map(after -> java.time.Instant.now().plus(after)).orElse(null));
    }

    private void accepted(String owner, Job job) {
        submitted.computeIfAbsent(job.model() + "|" + job.provider() + "|" + job.lane().wireName(), key -> meters.counter(
                "darkroom.jobs.submitted", "model", job.model(), "provider", job.provider(), "lane", job.lane().wireName())).increment();
        log.debug("Accepted job {} for key {} on {} ({})", job.id(), owner, job.provider(), job.model());
    }
}
