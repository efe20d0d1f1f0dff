package io.darkroom.api.batches;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A stored batch as OpenAI's batch object, with Darkroom's per-line {@code errors}. */
@Component
class BatchView {

    private static final List<String> TIMES = List.of("created_at", "in_progress_at", "finalizing_at", "completed_at", "failed_at",
            "expired_at", "cancelling_at", "cancelled_at");

    private final JsonMapper json;

    BatchView(JsonMapper json) {
        this.json = json;
    }

    /**
     * @param batch  the stored batch
     * @param counts {completed, failed} counted now, or null to show the counts stored at finalization
     */
    Map<String, Object> of(Map<String, String> batch, int[] counts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", batch.get("id"));
        view.put("object", "batch");
        view.put("endpoint", batch.get("endpoint"));
        view.put("input_file_id", batch.get("input_file_id"));
        view.put("completion_window", "24h");
        view.put("status", BatchStore.statusOf(batch).openAiName());
        view.put("output_file_id", batch.get("output_file_id"));
        view.put("error_file_id", batch.get("error_file_id"));
        for (String time : TIMES) {
            view.put(time, batch.containsKey(time) ? Long.parseLong(batch.get(time)) : null);
        }
        view.put("expires_at", expiresAt(batch).getEpochSecond());
        int total = Integer.parseInt(batch.getOrDefault("total", "0"));
        int completed = counts != null ? counts[0] : Integer.parseInt(batch.getOrDefault("completed", "0"));
        int failed = counts != null ? counts[1] : Integer.parseInt(batch.getOrDefault("failed", "0"));
        view.put("request_counts", Map.of("total", total, "completed", completed, "failed", failed));
        view.put("metadata", json.readValue(batch.getOrDefault("metadata", "{}"), Map.class));
        if (batch.containsKey("errors")) {
            view.put("errors", Map.of("object", "list", "data", lineErrors(batch)));
        }
        return view;
    }

    /** The end of the batch's completion window. */
    static Instant expiresAt(Map<String, String> batch) {
        return Instant.ofEpochSecond(Long.parseLong(batch.get("created_at"))).plus(BatchesController.COMPLETION_WINDOW);
    }

    /** The batch's stored line errors: {@code {line, custom_id, param, code, message}}, absent fields left out. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lineErrors(Map<String, String> batch) {
        return batch.containsKey("errors") ? json.readValue(batch.get("errors"), List.class) : List.of();
    }
}
