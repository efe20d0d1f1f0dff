package io.darkroom.cli.batch;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Progress as plain lines, for output that is not a terminal: one line each time the counts change, and one at
 * least every {@link #HEARTBEAT} while they do not, never a redrawn line. The rate counts only lines finished while
 * this run watched.
 */
final class PlainProgress implements Progress {

    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final String task;
    private final long total;
    private final long startFinished;
    private final Instant start = Instant.now();
    private final PrintWriter out;
    private long lastFinished = -1;
    private long lastFailed = -1;
    private Instant lastPrinted = Instant.MIN;

    PlainProgress(String task, long total, long finished, PrintWriter out) {
        this.task = task;
        this.total = total;
        this.startFinished = finished;
        this.out = out;
    }

    @Override
    public void update(long completed, long failed) {
        long finished = completed + failed;
        Instant now = Instant.now();
        if (finished == lastFinished && failed == lastFailed && now.isBefore(lastPrinted.plus(HEARTBEAT))) {
            return;
        }
        lastFinished = finished;
        lastFailed = failed;
        lastPrinted = now;
        out.println(line(completed, failed, Duration.between(start, now)));
        out.flush();
    }

    /** {@code batch_x: 7/10 finished (1 failed), 2.5/s, ETA 0:00:02}. */
    String line(long completed, long failed, Duration watched) {
        long finished = completed + failed;
        double seconds = watched.toMillis() / 1000.0;
        double rate = seconds > 0 ? (finished - startFinished) / seconds : 0;
        String eta = finished >= total ? "done"
                : rate > 0 ? "ETA " + clock(Duration.ofSeconds(Math.round((total - finished) / rate))) : "ETA ?";
        return String.format("%s: %d/%d finished (%d failed), %.1f/s, %s", task, finished, total, failed, rate, eta);
    }

    private static String clock(Duration duration) {
        return String.format("%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
    }

    @Override
    public void close() {
        out.flush();
    }
}
