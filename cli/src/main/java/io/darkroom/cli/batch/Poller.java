package io.darkroom.cli.batch;

import io.darkroom.cli.ApiException;
import io.darkroom.cli.CommandFailedException;
import io.darkroom.cli.DarkroomApi;
import io.darkroom.cli.ExitCodes;
import io.darkroom.cli.UnreachableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Reads a batch every interval until it is final, showing its progress; {@code validating} is waited for like
 * {@code in_progress}. A poll that fails for a reason that may pass (no answer, 429, 5xx) is tried again at the next
 * interval, {@link #MAX_MISSED_POLLS} times in a row at most.
 */
final class Poller {

    static final Set<String> FINAL = Set.of("completed", "failed", "expired", "cancelled");
    static final int MAX_MISSED_POLLS = 10;

    private final DarkroomApi api;
    private final Duration interval;
    private final Progress.Mode mode;
    private final PrintWriter err;

    Poller(DarkroomApi api, Duration interval, Progress.Mode mode, PrintWriter err) {
        this.api = api;
        this.interval = interval;
        this.mode = mode;
        this.err = err;
    }

    static boolean isFinal(JsonNode batch) {
        return FINAL.contains(batch.path("status").asString(""));
    }

    /**
     * Reads the batch until it is final and returns it as it was then. {@code eachPoll} is given the batch as read at
     * each poll while it is not final, attaching included ({@code validating} counts as not final).
     */
    JsonNode untilFinal(JsonNode batch, Consumer<JsonNode> eachPoll) {
        if (isFinal(batch)) {
            return batch;
        }
        String id = batch.path("id").asString();
        Instant created = Instant.ofEpochSecond(batch.path("created_at").asLong(Instant.now().getEpochSecond()));
        Duration elapsed = Duration.between(created, Instant.now());
        BatchCounts counts = BatchCounts.of(batch);
        try (Progress progress = Progress.open(mode, id, counts.total(), counts.finished(), elapsed.isNegative() ? Duration.ZERO : elapsed,
                err)) {
            int missed = 0;
            while (!isFinal(batch)) {
                progress.update(BatchCounts.of(batch));
                if (missed == 0) {
                    eachPoll.accept(batch);
                }
                sleep(id);
                try {
                    batch = api.batch(id);
                    missed = 0;
                } catch (UnreachableException | ApiException e) {
                    if (e instanceof ApiException refused && !refused.retryable() || ++missed > MAX_MISSED_POLLS) {
                        throw e;
                    }
                    err.println("darkroom: polling " + id + " failed, trying again (" + missed + "/" + MAX_MISSED_POLLS + "): "
                            + e.getMessage());
                }
            }
            progress.update(BatchCounts.of(batch));
        }
        return batch;
    }

    private void sleep(String id) {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(ExitCodes.FAILED, "Interrupted; " + id
                    + " goes on in Darkroom: run the same command again to resume.");
        }
    }
}
