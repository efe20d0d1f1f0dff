package io.darkroom.api.images;

import io.darkroom.api.ApiProperties;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.errors.ErrorBody;
import io.darkroom.api.jobs.JobAwaiter;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ValidatedImageRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a job as OpenAI's Server-Sent Events: {@code image_generation.partial_image} for each partial
 * render as the worker hands it over, then {@code image_generation.completed} ({@code image_edit.*} for
 * edits), or an {@code error} event. A caller that disconnects stops only its stream, never the job.
 */
@Component
class ImageEventStream {

    private final JobAwaiter awaiter;
    private final RedisJobStore jobs;
    private final ImageStore images;
    private final ImagesResponses responses;
    private final JsonMapper json;
    private final ApiProperties properties;

    ImageEventStream(JobAwaiter awaiter, RedisJobStore jobs, ImageStore images, ImagesResponses responses,
            JsonMapper json, ApiProperties properties) {
        this.awaiter = awaiter;
        this.jobs = jobs;
        this.images = images;
        this.responses = responses;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Writes the whole stream to the response on the calling (virtual) thread, returning when the job is
     * final, the wait ran out, or the caller went away.
     */
    void stream(Job job, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        write(job, response.getOutputStream());
    }

    private void write(Job job, OutputStream out) throws IOException {
        String prefix = job.request().hasInputImages() ? "image_edit" : "image_generation";
        long[] sent = {0};
        Job last;
        try {
            last = awaiter.follow(job.id(), properties.maxSyncWait(), current -> {
                for (String imageId : jobs.partialsOf(job.id(), sent[0])) {
                    Map<String, Object> event = event(prefix + ".partial_image", current.request(), bytesOf(job, imageId));
                    event.put("partial_image_index", sent[0]++);
                    send(out, prefix + ".partial_image", event);
                }
            });
        } catch (UncheckedIOException disconnected) {
            throw disconnected.getCause();
        }
        if (last.status() == JobStatus.SUCCEEDED) {
            for (GeneratedImage image : last.result().images()) {
                send(out, prefix + ".completed", event(prefix + ".completed", last.request(), bytesOf(last, image.imageId())));
            }
        } else {
            sendError(out, last);
        }
    }

    private void sendError(OutputStream out, Job job) {
        ApiException failure = job.status().isTerminal() ? responses.failureOf(job)
                : new ApiException(HttpStatus.GATEWAY_TIMEOUT, "timeout", null, "job_still_running",
                        "The job " + job.id() + " is still running; fetch it with GET /v1/jobs/" + job.id() + ".");
        ErrorBody body = failure.body();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "error");
        event.put("error", body.error());
        send(out, "error", event);
    }

    private static Map<String, Object> event(String type, ValidatedImageRequest request, byte[] bytes) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("b64_json", Base64.getEncoder().encodeToString(bytes));
        event.put("created_at", Instant.now().getEpochSecond());
        event.put("size", request.size().toString());
        event.put("quality", request.quality());
        event.put("background", request.wantsTransparency() ? "transparent" : "opaque");
        event.put("output_format", request.outputFormat().wireName());
        return event;
    }

    private byte[] bytesOf(Job job, String imageId) {
        return images.get(imageId).orElseThrow(() -> new IllegalStateException(
                "Image " + imageId + " of job " + job.id() + " expired while streaming"));
    }

    private void send(OutputStream out, String name, Map<String, Object> event) {
        try {
            out.write(("event: " + name + "\ndata: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("The caller went away", e);
        }
    }
}
