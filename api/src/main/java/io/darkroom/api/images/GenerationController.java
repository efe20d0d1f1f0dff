package io.darkroom.api.images;

import io.darkroom.api.ApiProperties;
import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.jobs.JobAwaiter;
import io.darkroom.api.jobs.JobSubmission;
import io.darkroom.api.jobs.JobViews;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.Lane;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/images/generations}. By default waits for the job and answers as OpenAI would;
 * {@code Prefer: respond-async} answers 202 with the job at once; {@code Prefer: wait=N} waits at most N
 * seconds, then answers 202 with the job.
 */
@RestController
class GenerationController {

    private final JobSubmission submission;
    private final JobAwaiter awaiter;
    private final ImagesResponses responses;
    private final JobViews views;
    private final ApiProperties properties;

    GenerationController(JobSubmission submission, JobAwaiter awaiter, ImagesResponses responses, JobViews views,
            ApiProperties properties) {
        this.submission = submission;
        this.awaiter = awaiter;
        this.responses = responses;
        this.views = views;
        this.properties = properties;
    }

    @PostMapping(path = "/v1/images/generations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> generate(@RequestBody ImageRequest request, @RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestHeader(value = "Prefer", required = false) String preferHeader) {
        Prefer prefer = Prefer.parse(preferHeader);
        Job job = submission.submit(caller, request, Lane.INTERACTIVE);
        if (prefer.respondAsync()) {
            return accepted(job, "respond-async");
        }
        Duration wait = prefer.waitFor().map(this::capped).orElse(properties.maxSyncWait());
        Job current = awaiter.awaitFinal(job.id(), wait);
        if (current.status().isTerminal()) {
            return ResponseEntity.ok(responses.of(current));
        }
        if (prefer.waitFor().isPresent()) {
            return accepted(current, "wait=" + wait.toSeconds());
        }
        throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "timeout", null, "job_still_running",
                "The job " + job.id() + " is still running after " + wait.toSeconds()
                        + " s; fetch it with GET /v1/jobs/" + job.id() + ".");
    }

    private Duration capped(Duration asked) {
        return asked.compareTo(properties.maxPreferWait()) > 0 ? properties.maxPreferWait() : asked;
    }

    private ResponseEntity<?> accepted(Job job, String preferenceApplied) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/v1/jobs/" + job.id()))
                .header("Preference-Applied", preferenceApplied)
                .body(views.of(job));
    }
}
