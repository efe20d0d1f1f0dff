package io.darkroom.cli.batch;

import tools.jackson.databind.JsonNode;

/**
 * A batch's status and line counts, from its {@code request_counts}. While a batch is {@code validating} its total
 * may still be 0.
 *
 * @param status    the batch's status ({@code validating}, {@code in_progress}, ..., {@code completed})
 * @param total     lines in the batch
 * @param completed lines that succeeded
 * @param failed    lines that failed
 */
record BatchCounts(String status, long total, long completed, long failed) {

    static BatchCounts of(JsonNode batch) {
        JsonNode counts = batch.path("request_counts");
        return new BatchCounts(batch.path("status").asString(""), counts.path("total").asLong(0), counts.path("completed").asLong(0),
                counts.path("failed").asLong(0));
    }

    /** Lines that are final, succeeded or failed. */
    long finished() {
        return completed + failed;
    }
}
