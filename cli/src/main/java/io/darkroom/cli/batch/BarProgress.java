package io.darkroom.cli.batch;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The live bar of a terminal: finished of total, failures in its message, rate per second and ETA (progressbar).
 * The bar is given the terminal's width up front: left to find it, progressbar opens a JLine terminal whose native
 * signal handling makes Ctrl-C kill the JVM without its shutdown hooks, and so without the notice of how to resume.
 */
final class BarProgress implements Progress {

    private static final int FALLBACK_WIDTH = 100;

    private final ProgressBar bar;

    BarProgress(String task, long total, long finished, Duration elapsed) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(finished, elapsed).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setUnit(" lines", 1).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err, terminalWidth() - 1)).build();
    }

    @Override
    public void update(BatchCounts counts) {
        if (counts.total() != bar.getMax()) {
            bar.maxHint(counts.total());
        }
        bar.stepTo(counts.finished());
        bar.setExtraMessage(counts.total() == 0 ? counts.status() : counts.failed() == 0 ? "" : counts.failed() + " failed");
    }

    @Override
    public void close() {
        bar.close();
    }

    private static int terminalWidth() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(true).build()) {
            return terminal.getWidth() > 20 ? terminal.getWidth() : FALLBACK_WIDTH;
        } catch (IOException | RuntimeException e) {
            return FALLBACK_WIDTH;
        }
    }
}
