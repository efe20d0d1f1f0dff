package io.darkroom.api.images;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.HostedImages;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ResponseFormat;
import java.util.Base64;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Answers a finished job exactly as OpenAI would: the images, or the error with the status OpenAI uses. */
@Component
class ImagesResponses {

    private final ImageStore images;
    private final HostedImages hosted;

    ImagesResponses(ImageStore images, HostedImages hosted) {
        this.images = images;
        this.hosted = hosted;
    }

    /**
     * @throws ApiException for a job that failed or was canceled
     */
    ImagesResponse of(Job job) {
        if (job.status() != JobStatus.SUCCEEDED) {
            throw failureOf(job);
        }
        boolean inline = job.request().responseFormat() == ResponseFormat.B64_JSON;
        String revisedPrompt = job.result().revisedPrompt();
        List<ImagesResponse.Datum> data = job.result().images().stream()
                .map(image -> inline
                        ? new ImagesResponse.Datum(null, base64Of(job, image), revisedPrompt)
                        : new ImagesResponse.Datum(hosted.urlOf(image), null, revisedPrompt))
                .toList();
        return new ImagesResponse(job.finishedAt().getEpochSecond(), data,
                job.request().wantsTransparency() ? "transparent" : "opaque", job.request().outputFormat().wireName(),
                job.request().quality(), job.request().size().toString(), ImagesResponse.TokenUsage.of(job.result().usage()),
                ImagesResponse.Perf.of(job));
    }

    private String base64Of(Job job, GeneratedImage image) {
        byte[] bytes = images.get(image.imageId()).orElseThrow(() -> new ApiException(HttpStatus.GONE,
                "invalid_request_error", null, "image_expired", "The images of job " + job.id() + " have expired."));
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The error OpenAI would answer for a job that failed or was canceled. */
    ApiException failureOf(Job job) {
        String code = job.error() == null ? "job_" + job.status().wireName() : job.error().code();
        String message = (job.error() == null ? "The job was " + job.status().wireName() + "." : job.error().message())
                + " (job " + job.id() + ")";
        if ("content_policy_violation".equals(code)) {
            return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "prompt", code, message);
        }
        if (job.status() == JobStatus.CANCELED) {
            return new ApiException(HttpStatus.CONFLICT, "invalid_request_error", null, code, message);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "server_error", null, code, message);
    }
}
