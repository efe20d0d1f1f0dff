package io.darkroom.cli.batch;

import io.darkroom.cli.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@value #NAME}: one row per input line, in input order: {@code custom_id}, {@code line}, {@code prompt},
 * {@code status} ({@code succeeded}, {@code failed}, or {@code pending} when no outcome for this request is known or
 * its image was removed), {@code files}, {@code error} ({@code {code, message}} or null) and {@code batch_id}.
 */
final class Manifest {

    static final String NAME = "manifest.jsonl";

    /** The rows' tally, and the lines without an image with their row. */
    record Tally(int succeeded, int failed, int pending, List<ObjectNode> notDone) {
    }

    private Manifest() {
    }

    static Tally write(Path folder, PromptFile prompts, BatchState state, Map<String, String> requestHashes, JsonMapper json) {
        StringBuilder manifest = new StringBuilder();
        int succeeded = 0;
        int failed = 0;
        List<ObjectNode> notDone = new ArrayList<>();
        for (PromptLine line : prompts.lines()) {
            String hash = requestHashes.get(line.customId());
            BatchState.Outcome outcome = state.lines().get(line.customId());
            boolean known = outcome != null && hash.equals(outcome.requestSha256());
            String status = state.isDone(line, hash, folder) ? BatchState.SUCCEEDED
                    : known && BatchState.FAILED.equals(outcome.status()) ? BatchState.FAILED : "pending";
            ObjectNode row = json.createObjectNode().put("custom_id", line.customId()).put("line", line.line()).put("prompt", line.prompt())
                    .put("status", status);
            row.set("files", json.valueToTree(BatchState.SUCCEEDED.equals(status) ? outcome.files() : List.of()));
            row.set("error", known && outcome.error() != null ? json.valueToTree(outcome.error()) : null);
            row.put("batch_id", known ? outcome.batchId() : null);
            manifest.append(json.writeValueAsString(row)).append('\n');
            switch (status) {
                case BatchState.SUCCEEDED -> succeeded++;
                case BatchState.FAILED -> failed++;
                default -> { }
            }
            if (!BatchState.SUCCEEDED.equals(status)) {
                notDone.add(row);
            }
        }
        AtomicFiles.write(folder.resolve(NAME), manifest.toString().getBytes(StandardCharsets.UTF_8));
        return new Tally(succeeded, failed, notDone.size() - failed, notDone);
    }
}
