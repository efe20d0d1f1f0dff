package io.darkroom.api.images;

import io.darkroom.api.ApiProperties;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.Prefer;
import io.darkroom.api.jobs.JobAwaiter;
import io.darkroom.api.jobs.JobViews;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ResponseFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Answers an accepted image job the way its caller asked: Server-Sent Events when it streams; otherwise
 * by default waits and answers as OpenAI would; {@code Prefer: respond-async} answers 202 with the job
 * at once; {@code Prefer: wait=N} waits at most N seconds, then answers 202 with the job.
 */
@Component
public class ImageJobResponder {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ImageJobResponder.class);
    /** Where an answer that reads Redis is built: a virtual thread each. */
    private static final Executor READS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-answer-", 0).factory());

    private final JobAwaiter awaiter;
    private final ImagesResponses responses;
    private final ImageEventStream events;
    private final JobViews views;
    private final ApiProperties properties;

    ImageJobResponder(JobAwaiter awaiter, ImagesResponses responses, ImageEventStream events, JobViews views,
            ApiProperties properties) {
        this.awaiter = awaiter;
        this.responses = responses;
        this.events = events;
        this.views = views;
        this.properties = properties;
    }

    /**
     * @param request  its body's unread rest (a JSON value's trailing bytes, a multipart epilogue) is read before the
     *                 answer goes async, so the connection stays reusable
     * @param response written directly when the job streams (then the result is null: the response is done)
     * @return a {@link ResponseEntity} when the answer is ready now, otherwise a {@link CompletableFuture} of
     *         one: Spring MVC answers it as a servlet async request, so a waiting caller holds no thread
     */
    public Object respond(Job job, Prefer prefer, HttpServletRequest request, HttpServletResponse response) {
        if (job.request().streams()) {
            try {
                events.stream(job, response);
            } catch (IOException e) {
                log.info("The caller of job {} went away mid-stream; the job goes on", job.id());
            }
            return null;
        }
        if (prefer.respondAsync()) {
            return accepted(job, "respond-async");
        }
        // the rest of the body is read now, on the request's thread: once async, the request may be completed and reused at any moment
        io.darkroom.api.http.RequestBodies.drain(request);
        Duration wait = prefer.waitFor().map(this::capped).orElse(properties.maxSyncWait());
        boolean preferredWait = prefer.waitFor().isPresent();
        return awaiter.awaitFinal(job.id(), wait).thenCompose(current -> readsToAnswer(current)
                ? CompletableFuture.supplyAsync(() -> answer(current, wait, preferredWait), READS)
                : CompletableFuture.completedFuture(answer(current, wait, preferredWait)));
    }

    /**
     * Whether answering reads Redis (the images of a {@code b64_json} answer, the attempts of a 202), so it must not
     * run on the thread that delivered the job's event; a {@code url} answer or an error is built where it is.
     */
    private static boolean readsToAnswer(Job current) {
        return !current.status().isTerminal()
                || current.status() == JobStatus.SUCCEEDED && current.request().responseFormat() == ResponseFormat.B64_JSON;
    }

    private ResponseEntity<?> answer(Job current, Duration wait, boolean preferredWait) {
        if (current.status().isTerminal()) {
            return ResponseEntity.ok(responses.of(current));
        }
        if (preferredWait) {
            return accepted(current, "wait=" + wait.toSeconds());
        }
        throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, "timeout", null, "job_still_running",
                "The job " + current.id() + " is still running after " + wait.toSeconds()
                        + " s; fetch it with GET /v1/jobs/" + current.id() + ".");
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
