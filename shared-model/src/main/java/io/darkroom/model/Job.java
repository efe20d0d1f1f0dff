package io.darkroom.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job as stored: who asked for what, where it stands, and how it ended.
 *
 * @param id         {@code job_...}, unguessable
 * @param owner      the id of the API key that created it
 * @param status     where it stands in the {@link JobStatus} machine
 * @param model      catalog model id
 * @param provider   the provider serving it
 * @param lane       interactive or bulk
 * @param request    the validated request, every default filled in; never null
 * @param createdAt  when the api stored it (Redis server time)
 * @param startedAt  when a worker last claimed it; null while never claimed
 * @param finishedAt when it reached a final state; null before
 * @param attempts   how many times a worker claimed it
 * @param result     the images and their figures; null unless succeeded
 * @param error      why it failed or was canceled; null otherwise
 * @param deadline   when the caller stops caring: a job not finished by then is canceled; null for none
 */
public record Job(
        String id,
        String owner,
        JobStatus status,
        String model,
        String provider,
        Lane lane,
        ValidatedImageRequest request,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int attempts,
        JobResult result,
        JobError error,
        Instant deadline) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(request, "request");
    }

    /** A new job, not yet stored: status queued on {@code provider}, no attempts, no deadline. */
    public static Job queued(String id, String owner, ModelSpec model, String provider, Lane lane, ValidatedImageRequest request) {
        return new Job(id, owner, JobStatus.QUEUED, model.id(), provider, lane, request, null, null, null, 0, null, null, null);
    }

    /** The same job with a deadline. */
    public Job withDeadline(Instant value) {
        return new Job(id, owner, status, model, provider, lane, request, createdAt, startedAt, finishedAt, attempts, result,
                error, value);
    }

    /** Whether the job has a deadline and {@code now} is past it. */
    public boolean pastDeadline(Instant now) {
        return deadline != null && now.isAfter(deadline);
    }

    /** Time from creation to the last claim by a worker; zero while unclaimed. */
    public Duration queueWait() {
        return createdAt == null || startedAt == null ? Duration.ZERO : Duration.between(createdAt, startedAt);
    }

    /** Time from the last claim to the final state; zero while unfinished. */
    public Duration latency() {
        return startedAt == null || finishedAt == null ? Duration.ZERO : Duration.between(startedAt, finishedAt);
    }
}
