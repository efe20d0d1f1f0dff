package io.darkroom.cli.batch;

import io.darkroom.cli.CommandFailedException;
import io.darkroom.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run has done in its output folder, saved as {@value StateFile#NAME} so that a later run resumes instead of
 * paying again: which input (by fingerprint) went to which Darkroom, the batches submitted for it (each recorded as
 * soon as its file is uploaded, then as soon as it exists, then how far its finished lines were read), and each
 * line's outcome with its saved files.
 *
 * @param version     of this layout
 * @param baseUrl     the Darkroom the batches are on
 * @param input       the input file's name, for people reading the state
 * @param inputSha256 {@link PromptFile#sha256()} of the input the batches were made from
 * @param batches     the batches of this input, oldest first; the last may be unfinished
 * @param lines       outcomes by {@code custom_id}
 */
record BatchState(int version, String baseUrl, String input, String inputSha256, List<Attempt> batches, Map<String, Outcome> lines) {

    static final int VERSION = 1;
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    /**
     * One batch submitted for the input.
     *
     * @param inputFileId   the uploaded file of its lines
     * @param batchId       the batch, null while only its file was uploaded
     * @param collected     whether its output was read and its images saved
     * @param resultsCursor the {@code next_cursor} of the last page of its finished lines read while it ran
     *                      ({@code GET /v1/batches/{id}/results}), null before the first
     */
    record Attempt(String inputFileId, String batchId, boolean collected, String resultsCursor) {
    }

    /**
     * What became of one line.
     *
     * @param status        {@value #SUCCEEDED} or {@value #FAILED}
     * @param requestSha256 {@link PromptLine#requestSha256} of the request that had this outcome
     * @param batchId       the batch that ran it
     * @param files         the saved images' names, in the output folder (succeeded lines)
     * @param error         why it failed (failed lines)
     */
    record Outcome(String status, String requestSha256, String batchId, List<String> files, LineError error) {
    }

    /** A failed line's error: OpenAI's {@code code} and {@code message}. */
    record LineError(String code, String message) {
    }

    BatchState {
        batches = new ArrayList<>(batches == null ? List.of() : batches);
        lines = new LinkedHashMap<>(lines == null ? Map.of() : lines);
    }

    /**
     * The state to go on with in {@code folder}: the saved one when it is a run of this very input (same requests,
     * same defaults) on this Darkroom, to re-attach to its batch; else a new one that keeps the saved outcomes (a
     * line whose request and files are unchanged stays done). Refuses, with {@link ExitCodes#USAGE}, to leave behind
     * an unfinished batch of another input: its lines would be paid for and never collected.
     */
    static BatchState resume(Optional<BatchState> saved, String input, String inputSha256, String baseUrl, Path folder) {
        if (saved.isPresent() && saved.get().inputSha256().equals(inputSha256) && saved.get().baseUrl().equals(baseUrl)) {
            return saved.get();
        }
        saved.flatMap(BatchState::unfinished).ifPresent(attempt -> {
            throw new CommandFailedException(ExitCodes.USAGE, folder + " belongs to batch "
                    + Optional.ofNullable(attempt.batchId()).orElse("of file " + attempt.inputFileId()) + " of another input ("
                    + saved.get().input() + ", or other options) on " + saved.get().baseUrl() + ", not finished. Run that command again"
                    + " to finish it, or choose another --out.");
        });
        return new BatchState(VERSION, baseUrl, input, inputSha256, List.of(), saved.map(BatchState::lines).orElse(Map.of()));
    }

    /** The last batch, if it was not collected yet: the one to re-attach to. */
    Optional<Attempt> unfinished() {
        return batches.isEmpty() || batches.getLast().collected() ? Optional.empty() : Optional.of(batches.getLast());
    }

    /** Whether the line already has its images: succeeded for this same request, every file still present. */
    boolean isDone(PromptLine line, String requestSha256, Path folder) {
        Outcome outcome = lines.get(line.customId());
        return outcome != null && SUCCEEDED.equals(outcome.status()) && requestSha256.equals(outcome.requestSha256())
                && !outcome.files().isEmpty() && outcome.files().stream().allMatch(file -> Files.isRegularFile(folder.resolve(file)));
    }

    /**
     * Whether a line needs nothing more from {@code batchId}: it is done, or that batch already failed it for this same
     * request (an output row is handled once per batch, whether it came while the batch ran or from its files).
     */
    boolean isSettled(PromptLine line, String requestSha256, String batchId, Path folder) {
        Outcome outcome = lines.get(line.customId());
        return isDone(line, requestSha256, folder) || outcome != null && FAILED.equals(outcome.status())
                && requestSha256.equals(outcome.requestSha256()) && batchId.equals(outcome.batchId());
    }

    void uploaded(String inputFileId) {
        batches.add(new Attempt(inputFileId, null, false, null));
    }

    void created(String batchId) {
        Attempt last = batches.removeLast();
        batches.add(new Attempt(last.inputFileId(), batchId, false, null));
    }

    /** Records how far the finished lines of the unfinished batch were read. */
    void resultsRead(String cursor) {
        Attempt last = batches.removeLast();
        batches.add(new Attempt(last.inputFileId(), last.batchId(), false, cursor));
    }

    void collected() {
        Attempt last = batches.removeLast();
        batches.add(new Attempt(last.inputFileId(), last.batchId(), true, last.resultsCursor()));
    }

    /** Forgets the last batch: Darkroom refused it whole, so nothing of it ran. */
    void refused() {
        batches.removeLast();
    }

    void record(String customId, Outcome outcome) {
        lines.put(customId, outcome);
    }
}
