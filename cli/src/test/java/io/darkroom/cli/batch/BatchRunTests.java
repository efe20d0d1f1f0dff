package io.darkroom.cli.batch;

import static io.darkroom.cli.batch.ScriptedDarkroom.Line.FAILS;
import static io.darkroom.cli.batch.ScriptedDarkroom.Line.GONE;
import static io.darkroom.cli.batch.ScriptedDarkroom.Line.SUCCEEDS;
import static io.darkroom.cli.batch.ScriptedDarkroom.imageOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.cli.ExitCodes;
import io.darkroom.cli.batch.ScriptedDarkroom.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code darkroom batch run} against a scripted Darkroom: images saved as lines finish, resumes, and the end-of-batch pass. */
class BatchRunTests {

    private static final String ONE = "line-00001";
    private static final String TWO = "line-00002";
    private static final String THREE = "line-00003";

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path folder;

    @Test
    void imagesAreSavedAsTheirLinesFinishWhileTheBatchRuns() throws IOException {
        Map<Integer, List<String>> savedAtPoll = new ConcurrentHashMap<>();
        Map<Integer, List<String>> manifestAtPoll = new ConcurrentHashMap<>();
        try (ScriptedDarkroom darkroom = threeLines(SUCCEEDS, SUCCEEDS, SUCCEEDS).steps(Step.of("validating"),
                Step.of("in_progress", TWO), Step.of("in_progress", ONE, THREE), Step.of("in_progress"), Step.of("completed"))
                .onPoll(poll -> {
                    savedAtPoll.put(poll, pngs());
                    manifestAtPoll.put(poll, succeededInManifest());
                })) {
            CommandRun run = batchRun(darkroom);

            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(savedAtPoll.get(2)).as("nothing has finished before").isEmpty();
            assertThat(savedAtPoll.get(3)).containsExactly(TWO + ".png");
            assertThat(manifestAtPoll.get(3)).containsExactly(TWO);
            assertThat(savedAtPoll.get(4)).containsExactly(ONE + ".png", TWO + ".png", THREE + ".png");
            assertThat(pngs()).containsExactly(ONE + ".png", TWO + ".png", THREE + ".png");
            for (String customId : List.of(ONE, TWO, THREE)) {
                assertThat(darkroom.count(imageOf(customId))).as("%s downloaded once", customId).isEqualTo(1);
            }
            assertThat(savedState().path("batches").get(0).path("results_cursor").asString()).isEqualTo("c3");
            assertThat(run.err()).doesNotContain("darkroom:");
        }
    }

    @Test
    void resumedRunReadsFromTheSavedCursorAndDownloadsNothingAgain() throws IOException {
        try (ScriptedDarkroom darkroom = threeLines(SUCCEEDS, SUCCEEDS, SUCCEEDS).steps(Step.of("in_progress", ONE),
                Step.of("in_progress", TWO), Step.unauthorized(), Step.of("in_progress", THREE), Step.of("completed"))) {
            CommandRun stopped = batchRun(darkroom);
            assertThat(stopped.code()).as("stopped by the 401 on its third poll").isEqualTo(ExitCodes.FAILED);
            assertThat(pngs()).containsExactly(ONE + ".png", TWO + ".png");
            int resultsBefore = (int) darkroom.count(ScriptedDarkroom::isResults);

            CommandRun resumed = batchRun(darkroom);

            assertThat(resumed.code()).as(resumed.err()).isEqualTo(ExitCodes.OK);
            assertThat(darkroom.stub.received.stream().filter(ScriptedDarkroom::isResults).skip(resultsBefore).findFirst())
                    .hasValueSatisfying(first -> assertThat(first.query()).contains("after=c2"));
            for (String customId : List.of(ONE, TWO, THREE)) {
                assertThat(darkroom.count(imageOf(customId))).as("%s downloaded once over both runs", customId).isEqualTo(1);
            }
            assertThat(darkroom.count(request -> "POST".equals(request.method()))).as("one upload, one batch").isEqualTo(2);
        }
    }

    @Test
    void endOfBatchPassCollectsOnlyTheLinesNotAlreadyHandledWhileItRan() throws IOException {
        try (ScriptedDarkroom darkroom = threeLines(FAILS, GONE, SUCCEEDS).steps(Step.of("in_progress", ONE, TWO),
                Step.of("in_progress"), Step.of("completed", THREE))) {
            CommandRun run = batchRun(darkroom);

            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.SOME_LINES_FAILED);
            assertThat(darkroom.count(imageOf(TWO))).as("a gone image is not asked for again").isEqualTo(1);
            assertThat(darkroom.count(imageOf(THREE))).isEqualTo(1);
            assertThat(darkroom.firstIndex(imageOf(THREE))).as("the line the results never brought: after the batch was over")
                    .isGreaterThan(darkroom.pollIndex(3));
            assertThat(pngs()).containsExactly(THREE + ".png");
            assertThat(manifest()).extracting(row -> row.path("status").asString() + " " + row.path("error").path("code").asString(""))
                    .containsExactly("failed provider_error", "failed image_unavailable", "succeeded ");
        }
    }

    @Test
    void darkroomWithoutResultsIsCollectedAtTheEndWithoutAWord() throws IOException {
        try (ScriptedDarkroom darkroom = threeLines(SUCCEEDS, SUCCEEDS, SUCCEEDS).withoutResults()
                .steps(Step.of("in_progress", ONE), Step.of("in_progress", TWO), Step.of("completed", THREE))) {
            CommandRun run = batchRun(darkroom);

            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(pngs()).containsExactly(ONE + ".png", TWO + ".png", THREE + ".png");
            assertThat(darkroom.count(ScriptedDarkroom::isResults)).as("asked once, then not again").isEqualTo(1);
            assertThat(darkroom.firstIndex(imageOf(ONE))).isGreaterThan(darkroom.pollIndex(3));
            assertThat(run.err()).doesNotContain("darkroom:");
        }
    }

    @Test
    void batchRefusedWhileValidatingIsReportedLineByLineAndGeneratesNothing() throws IOException {
        try (ScriptedDarkroom darkroom = threeLines(SUCCEEDS, SUCCEEDS, SUCCEEDS)
                .refusing(2, TWO, "body.size", "Invalid value: '7x7'.")
                .steps(Step.of("validating"), Step.of("validating"), Step.of("failed"))) {
            CommandRun run = batchRun(darkroom);

            assertThat(run.code()).isEqualTo(ExitCodes.INPUT_REFUSED);
            assertThat(run.err()).contains("prompts.txt:2 (custom_id line-00002): size: Invalid value: '7x7'. [invalid_value]")
                    .contains("Darkroom refused batch_1 (1 bad line)");
            assertThat(darkroom.count(ScriptedDarkroom::isResults)).isZero();
            assertThat(pngs()).isEmpty();
            assertThat(savedState().path("batches")).as("a refused batch does not hold the folder").isEmpty();
        }
    }

    private ScriptedDarkroom threeLines(ScriptedDarkroom.Line one, ScriptedDarkroom.Line two, ScriptedDarkroom.Line three) {
        return new ScriptedDarkroom().line(ONE, one).line(TWO, two).line(THREE, three);
    }

    private CommandRun batchRun(ScriptedDarkroom darkroom) throws IOException {
        Path prompts = Files.writeString(folder.resolve("prompts.txt"), "a cat\na dog\nan owl\n");
        return CommandRun.against(darkroom.baseUrl(), "batch", "run", prompts.toString(), "--out", images().toString(), "--poll", "100ms",
                "--progress", "plain");
    }

    private Path images() {
        return folder.resolve("images");
    }

    private List<String> pngs() {
        if (!Files.isDirectory(images())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(images())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<JsonNode> manifest() throws IOException {
        return Files.readAllLines(images().resolve(Manifest.NAME)).stream().map(json::readTree).toList();
    }

    private List<String> succeededInManifest() {
        try {
            return !Files.exists(images().resolve(Manifest.NAME)) ? List.of() : manifest().stream()
                    .filter(row -> BatchState.SUCCEEDED.equals(row.path("status").asString()))
                    .map(row -> row.path("custom_id").asString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode savedState() throws IOException {
        return json.readTree(Files.readString(images().resolve(StateFile.NAME)));
    }
}
