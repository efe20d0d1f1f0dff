package io.darkroom.infra.jobs;

import io.darkroom.model.Attempt;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Job;
import io.darkroom.model.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as Darkroom shows it: {@code GET /v1/jobs/{id}}, the body of a 202, and the {@code data} of a
 * webhook event. Times are Unix seconds, as in OpenAI's objects; images are always given by URL, never inline.
 */
public record JobView(
        String id,
        String object,
        String status,
        String model,
        String provider,
        String lane,
        Long createdAt,
        Long startedAt,
        Long finishedAt,
        int attempts,
        List<Attempt> providerAttempts,
        Map<String, String> metadata,
        Object request,
        Result result,
        Error error) {

    /**
     * @param urlOf the public URL of a stored image
     */
    public static JobView of(Job job, List<Attempt> providerAttempts, java.util.function.Function<GeneratedImage, String> urlOf) {
        Result result = job.result() == null ? null : new Result(
                job.result().images().stream().map(image -> new Image(urlOf.apply(image), image.format().wireName(),
                        image.width(), image.height(), image.bytes())).toList(),
                job.result().revisedPrompt(), job.result().seed(), job.result().costUsd(), job.result().usage(),
                job.latency().toMillis(), job.queueWait().toMillis());
        Error error = job.error() == null ? null : new Error(job.error().code(), job.error().message());
        return new JobView(job.id(), "image.job", job.status().wireName(), job.model(), job.provider(), job.lane().wireName(),
                seconds(job.createdAt()), seconds(job.startedAt()), seconds(job.finishedAt()), job.attempts(), providerAttempts,
                job.request().metadata(), job.request().toImageRequest(), result, error);
    }

    private static Long seconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }

    public record Result(List<Image> data, String revisedPrompt, Long seed, BigDecimal costUsd, Usage usage, long latencyMs,
            long queueWaitMs) {
    }

    public record Image(String url, String outputFormat, int width, int height, long bytes) {
    }

    public record Error(String code, String message) {
    }
}
