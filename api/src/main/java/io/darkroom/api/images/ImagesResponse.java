package io.darkroom.api.images;

import io.darkroom.model.Job;
import java.math.BigDecimal;
import java.util.List;

/**
 * OpenAI's images response, plus Darkroom's {@code perf} object.
 *
 * @param created      Unix seconds when the job finished
 * @param data         one entry per image: {@code url} or {@code b64_json}
 * @param background   {@code transparent} or {@code opaque}
 * @param outputFormat {@code png}, {@code jpeg} or {@code webp}
 * @param quality      the quality rendered
 * @param size         {@code WIDTHxHEIGHT}
 * @param usage        tokens billed, for token-priced models; absent otherwise
 * @param perf         Darkroom's figures for the job
 */
public record ImagesResponse(long created, List<Datum> data, String background, String outputFormat, String quality,
        String size, TokenUsage usage, Perf perf) {

    /** OpenAI's {@code usage}, for models billed by token. */
    record TokenUsage(long inputTokens, long outputTokens, long totalTokens) {

        static TokenUsage of(io.darkroom.model.Usage usage) {
            return usage == null ? null : new TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
        }
    }

    /** One image: exactly one of {@code url} and {@code b64Json} is set. */
    record Datum(String url, String b64Json, String revisedPrompt) {
    }

    /**
     * @param requestId   the job id, to look the job up later
     * @param modelUsed   the catalog model that ran
     * @param provider    the provider that served it
     * @param costUsd     what it cost
     * @param latencyMs   time the provider took
     * @param queueWaitMs time spent waiting in the queue
     */
    record Perf(String requestId, String modelUsed, String provider, String size, String quality, BigDecimal costUsd,
            long latencyMs, long queueWaitMs) {

        static Perf of(Job job) {
            return new Perf(job.id(), job.model(), job.provider(), job.request().size().toString(), job.request().quality(),
                    job.result() == null ? BigDecimal.ZERO : job.result().costUsd(),
                    job.latency().toMillis(), job.queueWait().toMillis());
        }
    }
}
