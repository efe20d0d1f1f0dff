package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.http.PreferHeader;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.darkroom.infra.jobs.JobView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import java.time.Duration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Darkroom's own job API. A key sees only its own jobs: anyone else's answer 404. */
@RestController
@Tag(name = Tags.JOBS)
class JobController {

    private final RedisJobStore jobs;
    private final JobAwaiter awaiter;
    private final JobViews views;
    private final Duration maxPreferWait;
    private final JobCancellation cancellation;

    JobController(RedisJobStore jobs, JobAwaiter awaiter, JobViews views, ApiProperties properties, JobCancellation cancellation) {
        this.cancellation = cancellation;
        this.jobs = jobs;
        this.awaiter = awaiter;
        this.views = views;
        this.maxPreferWait = properties.maxPreferWait();
    }

    /**
     * Cancels the job: a queued one is never sent upstream, a running one's result is discarded. 409 when
     * the job is already final.
     */
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = """
            A queued job is never sent upstream; a running one's result is discarded; callers waiting on it are answered \
            (409 `canceled` for a synchronous caller). A job already final answers 409 `job_already_final`.""")
    @ApiResponse(responseCode = "200", description = "The job, now `canceled`.",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ErrorResponses.CONFLICT)
    @PostMapping("/v1/jobs/{jobId}/cancel")
    ResponseEntity<Object> cancel(@PathVariable String jobId, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        jobs.find(jobId).filter(found -> found.owner().equals(caller.keyId()))
                .orElseThrow(() -> ApiException.notFound("job", jobId));
        if (!cancellation.cancel(jobId, new JobError("canceled", "Canceled by the caller."))) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", null, "job_already_final",
                    "The job " + jobId + " is already final and cannot be canceled.");
        }
        return ResponseEntity.ok(views.of(jobs.find(jobId).orElseThrow()));
    }

    /**
     * The job; with {@code Prefer: wait=N}, long-polls up to N seconds until it is final (as a servlet async
     * request: the wait holds no thread).
     */
    @Operation(operationId = "getJob", summary = "Get a job", description = """
            The job: `status` (`queued`, `running`, `succeeded`, `failed`, `canceled`), times in Unix seconds, every provider \
            attempt, the validated request, and when done its `result` (hosted image URLs, cost, latencies) or `error`. \
            `Prefer: wait=N` long-polls until the job is final or N seconds passed.""")
    @ApiResponse(responseCode = "200", description = "The job (after the wait, if one was asked for).",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @PreferHeader
    @GetMapping("/v1/jobs/{jobId}")
    Object get(@PathVariable String jobId, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String prefer) {
        Job job = jobs.find(jobId).filter(found -> found.owner().equals(caller.keyId()))
                .orElseThrow(() -> ApiException.notFound("job", jobId));
        Duration wait = Prefer.parse(prefer).waitFor().map(asked -> asked.compareTo(maxPreferWait) > 0 ? maxPreferWait : asked)
                .orElse(Duration.ZERO);
        if (job.status().isTerminal() || wait.isZero()) {
            return ResponseEntity.ok(views.of(job));
        }
        return awaiter.awaitFinal(jobId, wait).thenApply(current -> ResponseEntity.ok(views.of(current)));
    }
}
