package io.darkroom.cli.batch;

import io.darkroom.cli.AtomicFiles;
import io.darkroom.cli.DarkroomApi;
import io.darkroom.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code darkroom batch run}: resumes what the output folder's state says, else submits the lines that have no
 * image; waits for the batch, saving the images of its lines as they finish; saves the rest once it is over; writes
 * the manifest. Lines are submitted again only when they were
 * never part of a batch of this input, or, with {@code --retry-failed}, once per run for those that have no image
 * after a finished batch.
 */
final class BatchRun {

    /**
     * @param poll        how often the batch is read
     * @param retryFailed whether lines without an image after a finished batch are submitted again
     * @param progress    how progress is shown
     */
    record Settings(Duration poll, boolean retryFailed, Progress.Mode progress) {
    }

    private static final int FAILURES_LISTED = 20;

    private final DarkroomApi api;
    private final PromptFile prompts;
    private final Path folder;
    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final JsonMapper json;
    private final StateFile stateFile;
    private final Map<String, String> requestHashes = new HashMap<>();
    private final Submissions submissions;
    private final Poller poller;
    private final Collector collector;
    private final ResultsFeed feed;
    private volatile String watching;

    BatchRun(DarkroomApi api, PromptFile prompts, Path folder, Settings settings, PrintWriter out, PrintWriter err, JsonMapper json) {
        this.api = api;
        this.prompts = prompts;
        this.folder = folder;
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.json = json;
        this.stateFile = new StateFile(folder);
        prompts.lines().forEach(line -> requestHashes.put(line.customId(), line.requestSha256(json)));
        this.submissions = new Submissions(api, prompts, stateFile);
        this.poller = new Poller(api, settings.poll(), settings.progress(), err);
        this.collector = new Collector(api, prompts, requestHashes, folder, stateFile, err, json);
        this.feed = new ResultsFeed(api, collector, err);
    }

    int run() {
        Thread stopNotice = new Thread(() -> {
            if (watching != null) {
                err.println(System.lineSeparator() + "darkroom: stopped; " + watching
                        + " goes on in Darkroom. Run the same command again to resume it.");
                err.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(stopNotice);
        try {
            return runBatches();
        } finally {
            watching = null;
            try {
                Runtime.getRuntime().removeShutdownHook(stopNotice);
            } catch (IllegalStateException shuttingDown) {
                // the notice runs, and says nothing now that watching is over
            }
        }
    }

    private int runBatches() {
        BatchState state = BatchState.resume(stateFile.load(), prompts.name(), prompts.sha256(), api.baseUrl(), folder);
        AtomicFiles.removeLeftovers(folder);
        boolean retried = false;
        while (true) {
            if (state.unfinished().isEmpty()) {
                List<PromptLine> pending = pending(state);
                boolean neverSubmitted = state.batches().isEmpty();
                if (pending.isEmpty() || !neverSubmitted && (!settings.retryFailed() || retried)) {
                    break;
                }
                retried = !neverSubmitted;
                out.println((neverSubmitted ? "Submitting " : "Submitting again ") + pending.size() + " of " + prompts.lines().size()
                        + " lines of " + prompts.name() + " to " + api.baseUrl());
                submissions.upload(state, pending);
            }
            Optional<JsonNode> attached = submissions.attach(state);
            if (attached.isEmpty()) {
                err.println("darkroom: " + state.batches().getLast().batchId() + " is no longer on Darkroom (batches are kept 24 h);"
                        + " its lines without an image count as not done.");
                state.collected();
                stateFile.save(state);
                continue;
            }
            JsonNode batch = watch(attached.get(), state);
            if ("failed".equals(batch.path("status").asString())) {
                return refused(batch, state);
            }
            collector.collectFiles(batch, state);
            state.collected();
            stateFile.save(state);
        }
        return summary(collector.writeManifest(state));
    }

    /** Waits for the batch to be final, saving the images of its lines as they finish: the final batch. */
    private JsonNode watch(JsonNode batch, BatchState state) {
        watching = batch.path("id").asString();
        out.println("Batch " + watching + ": " + batch.path("status").asString() + " (state in " + stateFile.path() + ")");
        out.flush();
        return poller.untilFinal(batch, running -> feed.drain(running, state));
    }

    private List<PromptLine> pending(BatchState state) {
        return prompts.lines().stream().filter(line -> !state.isDone(line, requestHashes.get(line.customId()), folder)).toList();
    }

    private int refused(JsonNode batch, BatchState state) {
        int errors = ValidationReport.print(batch, api.fileContent(batch.path("input_file_id").asString()), prompts, err, json);
        state.refused();
        stateFile.save(state);
        err.println("darkroom: Darkroom refused " + batch.path("id").asString() + " (" + errors + (errors == 1 ? " bad line" : " bad lines")
                + "); nothing was generated. Fix the input and run again.");
        err.flush();
        return ExitCodes.INPUT_REFUSED;
    }

    private int summary(Manifest.Tally tally) {
        int total = prompts.lines().size();
        out.println(tally.succeeded() + " of " + total + " lines have their images in " + folder + " (manifest: "
                + folder.resolve(Manifest.NAME) + ")");
        if (tally.notDone().isEmpty()) {
            out.flush();
            return ExitCodes.OK;
        }
        tally.notDone().stream().limit(FAILURES_LISTED).forEach(row -> err.println("  " + row.path("custom_id").asString() + " ("
                + prompts.name() + ":" + row.path("line").asInt() + "): " + row.path("status").asString() + reason(row.path("error"))));
        if (tally.notDone().size() > FAILURES_LISTED) {
            err.println("  ... and " + (tally.notDone().size() - FAILURES_LISTED) + " more in " + Manifest.NAME);
        }
        err.println("darkroom: " + tally.notDone().size() + " of " + total + " lines have no image (" + tally.failed() + " failed, "
                + tally.pending() + " pending). Run the same command with --retry-failed to submit them again as a new batch"
                + " (billed again).");
        out.flush();
        err.flush();
        return ExitCodes.SOME_LINES_FAILED;
    }

    private static String reason(JsonNode error) {
        return error.isObject() ? " " + error.path("code").asString() + ": " + error.path("message").asString() : "";
    }
}
