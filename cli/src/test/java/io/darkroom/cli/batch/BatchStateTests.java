package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.cli.CommandFailedException;
import io.darkroom.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class BatchStateTests {

    private static final String BASE_URL = "http://127.0.0.1:8080";

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void sameInputOnTheSameDarkroomReattachesToTheSavedBatch() {
        BatchState saved = aStateWithBatch("sha-a");

        BatchState resumed = BatchState.resume(Optional.of(saved), "in.txt", "sha-a", BASE_URL, folder);

        assertThat(resumed).isSameAs(saved);
        assertThat(resumed.unfinished()).map(BatchState.Attempt::batchId).contains("batch_1");
    }

    @Test
    void batchWhoseFileWasUploadedButNeverCreatedIsStillUnfinished() {
        BatchState state = aState("sha-a");
        state.uploaded("file-1");

        assertThat(state.unfinished()).contains(new BatchState.Attempt("file-1", null, false, null));
    }

    @Test
    void collectedBatchLeavesNothingToReattachTo() {
        BatchState state = aStateWithBatch("sha-a");
        state.collected();

        assertThat(state.unfinished()).isEmpty();
        assertThat(state.batches()).containsExactly(new BatchState.Attempt("file-1", "batch_1", true, null));
    }

    @Test
    void resultsCursorIsKeptWithItsBatchAcrossCollectionAndTheStateFile() {
        StateFile file = new StateFile(folder);
        BatchState state = aStateWithBatch("sha-a");

        state.resultsRead("cursor-2");
        file.save(state);

        assertThat(file.load().orElseThrow().unfinished()).map(BatchState.Attempt::resultsCursor).contains("cursor-2");
        state.collected();
        assertThat(state.batches()).containsExactly(new BatchState.Attempt("file-1", "batch_1", true, "cursor-2"));
    }

    @Test
    void stateFileWrittenBeforeResultsCursorsLoadsWithoutOne() throws IOException {
        StateFile file = new StateFile(folder);
        Files.writeString(file.path(), """
                {"version": 1, "base_url": "http://127.0.0.1:8080", "input": "in.txt", "input_sha256": "sha-a",
                 "batches": [{"input_file_id": "file-1", "batch_id": "batch_1", "collected": false}], "lines": {}}""");

        assertThat(file.load().orElseThrow().unfinished()).contains(new BatchState.Attempt("file-1", "batch_1", false, null));
    }

    @Test
    void lineFailedByABatchIsSettledForThatBatchOnly() {
        PromptLine cat = line(1, "cat");
        BatchState state = aState("sha-a");
        state.record("line-00001", failed(cat, "batch_1"));

        assertThat(state.isSettled(cat, cat.requestSha256(json), "batch_1", folder)).isTrue();
        assertThat(state.isSettled(cat, cat.requestSha256(json), "batch_2", folder)).as("a retry's batch").isFalse();
    }

    @Test
    void anotherInputIsRefusedWhileTheSavedBatchIsUnfinished() {
        BatchState saved = aStateWithBatch("sha-a");

        assertThatThrownBy(() -> BatchState.resume(Optional.of(saved), "in.txt", "sha-b", BASE_URL, folder))
                .isInstanceOfSatisfying(CommandFailedException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("batch_1");
        assertThatThrownBy(() -> BatchState.resume(Optional.of(saved), "in.txt", "sha-a", "http://elsewhere:8080", folder))
                .isInstanceOf(CommandFailedException.class);
    }

    @Test
    void anotherInputAfterAFinishedBatchStartsAfreshKeepingWhatIsAlreadyDone() throws IOException {
        PromptLine cat = line(1, "cat");
        BatchState saved = aStateWithBatch("sha-a");
        saved.collected();
        saved.record("line-00001", succeeded(cat, "line-00001.png"));
        Files.write(folder.resolve("line-00001.png"), new byte[] {1});

        BatchState next = BatchState.resume(Optional.of(saved), "in.txt", "sha-b", BASE_URL, folder);

        assertThat(next.inputSha256()).isEqualTo("sha-b");
        assertThat(next.batches()).isEmpty();
        assertThat(next.isDone(cat, cat.requestSha256(json), folder)).isTrue();
    }

    @Test
    void lineIsDoneOnlyWithTheSameRequestAndEverySavedFilePresent() throws IOException {
        PromptLine cat = line(1, "cat");
        BatchState state = aState("sha-a");
        state.record("line-00001", succeeded(cat, "line-00001-1.png", "line-00001-2.png"));
        Files.write(folder.resolve("line-00001-1.png"), new byte[] {1});

        assertThat(state.isDone(cat, cat.requestSha256(json), folder)).as("one file missing").isFalse();

        Files.write(folder.resolve("line-00001-2.png"), new byte[] {1});
        assertThat(state.isDone(cat, cat.requestSha256(json), folder)).isTrue();
        PromptLine changed = line(1, "a different cat");
        assertThat(state.isDone(changed, changed.requestSha256(json), folder)).as("prompt changed").isFalse();
    }

    @Test
    void failedLineIsNotDone() {
        PromptLine cat = line(1, "cat");
        BatchState state = aState("sha-a");
        state.record("line-00001", failed(cat, "batch_1"));

        assertThat(state.isDone(cat, cat.requestSha256(json), folder)).isFalse();
    }

    @Test
    void refusedBatchIsForgottenSoTheFixedInputCanBeSubmitted() {
        BatchState state = aStateWithBatch("sha-a");

        state.refused();

        assertThat(state.batches()).isEmpty();
        assertThat(BatchState.resume(Optional.of(state), "in.txt", "sha-fixed", BASE_URL, folder).inputSha256()).isEqualTo("sha-fixed");
    }

    @Test
    void stateFileSurvivesARoundTripAndIsWrittenInSnakeCase() throws IOException {
        StateFile file = new StateFile(folder);
        PromptLine cat = line(1, "cat");
        BatchState state = aStateWithBatch("sha-a");
        state.record("line-00001", succeeded(cat, "line-00001.png"));

        file.save(state);

        assertThat(file.load()).contains(state);
        assertThat(Files.readString(file.path())).contains("\"input_sha256\"", "\"batch_id\"", "\"request_sha256\"");
        try (var leftovers = Files.list(folder)) {
            assertThat(leftovers).as("no temporary file left").containsExactly(file.path());
        }
    }

    @Test
    void damagedStateFileStopsTheRunInsteadOfSubmittingAgain() throws IOException {
        StateFile file = new StateFile(folder);
        Files.writeString(file.path(), "{\"version\": 1, \"batches\": [");

        assertThatThrownBy(file::load).isInstanceOfSatisfying(CommandFailedException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.FAILED)).hasMessageContaining("damaged");
    }

    private BatchState aState(String inputSha256) {
        return BatchState.resume(Optional.empty(), "in.txt", inputSha256, BASE_URL, folder);
    }

    /** A state whose batch {@code batch_1}, from {@code file-1}, is not collected yet. */
    private BatchState aStateWithBatch(String inputSha256) {
        BatchState state = aState(inputSha256);
        state.uploaded("file-1");
        state.created("batch_1");
        return state;
    }

    private PromptLine line(int number, String prompt) {
        return new PromptLine(number, PromptLine.defaultCustomId(number), json.createObjectNode().put("prompt", prompt));
    }

    private BatchState.Outcome failed(PromptLine line, String batchId) {
        return new BatchState.Outcome(BatchState.FAILED, line.requestSha256(json), batchId, List.of(),
                new BatchState.LineError("server_error", "boom"));
    }

    private BatchState.Outcome succeeded(PromptLine line, String... files) {
        return new BatchState.Outcome(BatchState.SUCCEEDED, line.requestSha256(json), "batch_1", List.of(files), null);
    }
}
