package io.darkroom.cli.batch;

import java.io.PrintWriter;
import java.time.Duration;

/** A batch's progress as it is polled: finished lines (done and failed) of the total, rate and time left. */
interface Progress extends AutoCloseable {

    /** How progress is shown. */
    enum Mode {
        /** A live bar on a terminal, plain lines otherwise. */
        AUTO,
        /** A live bar, redrawn in place. */
        BAR,
        /** One line when the counts change, and at least every half-minute: for logs, CI and pipes. */
        PLAIN;

        Mode resolve() {
            return this != AUTO ? this : Terminal.isInteractive() ? BAR : PLAIN;
        }
    }

    /** The latest status and counts of the batch: its total may grow once it is past {@code validating}. */
    void update(BatchCounts counts);

    @Override
    void close();

    /**
     * Opens the display for a batch.
     *
     * @param task      what is shown before the counts: the batch id
     * @param total     lines in the batch as known when this run attached (0 while it is validating)
     * @param finished  lines already final when this run attached (their time is not counted in the rate)
     * @param elapsed   how long the batch has been running
     * @param plainOut  where plain lines go; the bar goes to the terminal's error stream
     */
    static Progress open(Mode mode, String task, long total, long finished, Duration elapsed, PrintWriter plainOut) {
        return mode.resolve() == Mode.BAR ? new BarProgress(task, total, finished, elapsed)
                : new PlainProgress(task, finished, plainOut);
    }
}
