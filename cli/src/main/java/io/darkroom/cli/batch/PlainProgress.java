package io.darkroom.cli.batch;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress as plain lines, for output that is not a terminal: one line each time the status or counts change, and
 * one at least every {@link #HEARTBEAT} while they do not, never a redrawn line. The rate counts only lines finished
 * while this run watched.
 */
final class PlainProgress implements Progress {

    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final String task;
    private final long startFinished;
    private final Instant start = Instant.now();
    private final PrintWriter out;
    private BatchCounts last;
    private Instant lastPrinted = Instant.MIN;

    PlainProgress(String task, long finished, PrintWriter out) {
        this.task = task;
        this.startFinished = finished;
        this.out = out;
    }

    @Override
    public void update(BatchCounts counts) {
        Instant now = Instant.now();
        if (counts.equals(last) && now.isBefore(lastPrinted.plus(HEARTBEAT))) {
            return;
        }
        last = counts;
        lastPrinted = now;
        out.println(line(counts, Duration.between(start, now)));
        out.flush();
    }

    /**
     * {@code batch_x: 7/10 finished (1 failed), 2.5/s, ETA 0:00:02}; {@code batch_x: validating} while the batch
     * has no lines counted yet.
     */
    String line(BatchCounts counts, Duration watched) {
        if (counts.total() == 0) {
            return task + ": " + counts.status();
        }
        long finished = counts.finished();
        double seconds = watched.toMillis() / 1000.0;
        double rate = seconds > 0 ? (finished - startFinished) / seconds : 0;
        String eta = finished >= counts.total() ? "done"
                : rate > 0 ? "ETA " + clock(Duration.ofSeconds(Math.round((counts.total() - finished) / rate))) : "ETA ?";
        return String.format("%s: %d/%d finished (%d failed), %.1f/s, %s", task, finished, counts.total(), counts.failed(), rate, eta);
    }

    private static String clock(Duration duration) {
        return String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
    }

    @Override
    public void close() {
        out.flush();
    }
}
