package io.darkroom.cli.batch;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** The live bar of a terminal: finished of total, failures in its message, rate per second and ETA (progressbar). */
final class BarProgress implements Progress {

    private final ProgressBar bar;

    BarProgress(String task, long total, long finished, Duration elapsed) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).startsFrom(finished, elapsed).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setUnit(" lines", 1).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    @Override
    public void update(long completed, long failed) {
        bar.stepTo(completed + failed);
        bar.setExtraMessage(failed == 0 ? "" : failed + " failed");
    }

    @Override
    public void close() {
        bar.close();
    }
}
