package io.darkroom.cli.batch;

import io.darkroom.cli.ApiException;
import io.darkroom.cli.DarkroomApi;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Uploads lines and creates their batch, recording each step in the state before taking the next, so that a run
 * stopped anywhere never makes a second batch of the same lines: a file uploaded without an answer to the batch's
 * creation is looked for among the key's batches before a batch is created from it.
 */
final class Submissions {

    private final DarkroomApi api;
    private final PromptFile prompts;
    private final StateFile stateFile;

    Submissions(DarkroomApi api, PromptFile prompts, StateFile stateFile) {
        this.api = api;
        this.prompts = prompts;
        this.stateFile = stateFile;
    }

    /** Uploads {@code lines} as a batch input file and records it as the state's new, unfinished batch. */
    void upload(BatchState state, List<PromptLine> lines) {
        String name = prompts.name().endsWith(".jsonl") ? prompts.name() : prompts.name() + ".jsonl";
        state.uploaded(api.uploadBatchFile(name, prompts.jsonl(lines)));
        stateFile.save(state);
    }

    /**
     * The state's unfinished batch, as Darkroom has it now; created from its uploaded file if it does not exist yet.
     * Empty when Darkroom no longer has the batch (it keeps batches {@code darkroom.job-retention}, 24 h by default).
     */
    Optional<JsonNode> attach(BatchState state) {
        BatchState.Attempt attempt = state.unfinished().orElseThrow();
        if (attempt.batchId() != null) {
            try {
                return Optional.of(api.batch(attempt.batchId()));
            } catch (ApiException e) {
                if (e.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }
        JsonNode batch = api.findBatchOfFile(attempt.inputFileId()).orElseGet(() -> api.createBatch(attempt.inputFileId()));
        state.created(batch.path("id").asString());
        stateFile.save(state);
        return Optional.of(batch);
    }
}
