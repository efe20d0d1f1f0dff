package io.darkroom.cli.batch;

import io.darkroom.cli.ApiException;
import io.darkroom.cli.DarkroomApi;
import io.darkroom.cli.UnreachableException;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/**
 * Saves a running batch's images as its lines finish, not only when it is over (hosted image URLs expire): at each
 * poll it reads {@code GET /v1/batches/{id}/results} from the cursor in the state, page after page, hands every row
 * to the {@link Collector}, and saves the cursor with the outcomes, so a resumed run neither downloads a line again
 * nor misses one. What this feed does not bring, the end-of-batch pass over the output and error files does.
 * <p>
 * A Darkroom without the call (404) switches the feed off for the run, silently: everything is then collected at the
 * end, as before. A failure that may pass leaves the cursor where it was, to be tried again at the next poll; any
 * other failure switches the feed off with a warning.
 */
final class ResultsFeed {

    /** Rows asked for in one page. */
    static final int PAGE_SIZE = 100;

    private final DarkroomApi api;
    private final Collector collector;
    private final PrintWriter err;
    private boolean available = true;

    ResultsFeed(DarkroomApi api, Collector collector, PrintWriter err) {
        this.api = api;
        this.collector = collector;
        this.err = err;
    }

    /** Whether {@code batch} may have finished lines to read: it is past validating and not final yet. */
    static boolean hasLiveResults(JsonNode batch) {
        return !Poller.isFinal(batch) && !"validating".equals(batch.path("status").asString(""));
    }

    /** Reads and collects every row of {@code batch} that finished since the state's cursor. */
    void drain(JsonNode batch, BatchState state) {
        if (!available || !hasLiveResults(batch)) {
            return;
        }
        String batchId = batch.path("id").asString();
        boolean recorded = false;
        try {
            JsonNode page;
            do {
                String cursor = state.unfinished().orElseThrow().resultsCursor();
                page = api.batchResults(batchId, cursor, PAGE_SIZE);
                for (JsonNode row : page.path("data")) {
                    recorded |= collector.collect(OutputRow.parse(row), batchId, state);
                }
                String next = OutputRow.text(page, "next_cursor");
                if (next != null && !next.equals(cursor)) {
                    state.resultsRead(next);
                    collector.save(state);
                }
            } while (page.path("has_more").asBoolean(false) && !page.path("data").isEmpty());
        } catch (ApiException e) {
            available = e.retryable();
            if (e.status() != 404) {
                warn(batchId, e);
            }
        } catch (UnreachableException e) {
            warn(batchId, e);
        } finally {
            if (recorded) {
                collector.save(state);
                collector.writeManifest(state);
            }
        }
    }

    private void warn(String batchId, RuntimeException e) {
        err.println("darkroom: reading the finished lines of " + batchId + " failed; "
                + (available ? "trying again at the next poll: " : "their images are saved when the batch is over: ") + e.getMessage());
        err.flush();
    }
}
