package io.darkroom.api.batches;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The shapes of the batch and file answers that {@link BatchView} and the controllers build as maps, for the description. */
final class BatchSchemas {

    private BatchSchemas() {
    }

    /** OpenAI's batch object, with Darkroom's per-line {@code errors}; times are Unix seconds, null until reached. */
    record BatchObject(String id, String object, String endpoint, String inputFileId, String completionWindow, String status,
            String outputFileId, String errorFileId, Long createdAt, Long inProgressAt, Long finalizingAt, Long completedAt,
            Long failedAt, Long expiredAt, Long cancellingAt, Long cancelledAt, long expiresAt, RequestCounts requestCounts,
            Map<String, String> metadata, LineErrors errors) {
    }

    record RequestCounts(int total, int completed, int failed) {
    }

    /** The lines refused at validation. */
    record LineErrors(String object, List<LineError> data) {
    }

    record LineError(int line, String customId, String param, String code, String message) {
    }

    /** {@code GET /v1/batches}: newest first. */
    record BatchList(String object, List<BatchObject> data, String firstId, String lastId, boolean hasMore) {
    }

    /** {@code GET /v1/batches/{id}/results}: the rows of the output and error files, in the order the lines finished. */
    record ResultPage(String object, List<ResultRow> data, boolean hasMore, String nextCursor) {
    }

    /** One line's result: {@code response} (with the images response as {@code body}) or {@code error}. */
    record ResultRow(String id, String customId, Map<String, Object> response, Map<String, String> error) {
    }

    /** OpenAI's file object. */
    record FileObject(String id, String object, long bytes, long createdAt, String filename, String purpose, String status) {
    }

    /** The form of {@code POST /v1/files}. */
    @Schema(requiredProperties = {"file", "purpose"})
    record FileUpload(@Schema(type = "string", format = "binary", description = "JSONL, one request per line.") String file,
            @Schema(allowableValues = "batch") String purpose) {
    }
}
