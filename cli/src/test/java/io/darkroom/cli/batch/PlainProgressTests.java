package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainProgressTests {

    @Test
    void lineShowsFinishedOfTotalFailuresRateAndTimeLeft() {
        PlainProgress progress = new PlainProgress("batch_1", 0, new PrintWriter(new StringWriter()));

        assertThat(progress.line(running(10, 3, 1), Duration.ofSeconds(2))).isEqualTo("batch_1: 4/10 finished (1 failed), 2.0/s, ETA 0:00:03");
        assertThat(progress.line(running(10, 9, 1), Duration.ofSeconds(4))).endsWith("done");
        assertThat(progress.line(running(10, 0, 0), Duration.ofSeconds(4))).endsWith("ETA ?");
    }

    @Test
    void validatingBatchWithoutCountsShowsItsStatus() {
        PlainProgress progress = new PlainProgress("batch_1", 0, new PrintWriter(new StringWriter()));

        assertThat(progress.line(new BatchCounts("validating", 0, 0, 0), Duration.ofSeconds(1))).isEqualTo("batch_1: validating");
    }

    @Test
    void rateCountsOnlyTheLinesFinishedWhileThisRunWatched() {
        PlainProgress progress = new PlainProgress("batch_1", 50, new PrintWriter(new StringWriter()));

        assertThat(progress.line(running(100, 60, 0), Duration.ofSeconds(10))).contains("1.0/s").contains("ETA 0:00:40");
    }

    @Test
    void printsALineWhenTheStatusOrCountsChangeAndNotForEveryPoll() {
        StringWriter printed = new StringWriter();
        PlainProgress progress = new PlainProgress("batch_1", 0, new PrintWriter(printed));

        progress.update(new BatchCounts("validating", 0, 0, 0));
        progress.update(running(3, 0, 0));
        progress.update(running(3, 0, 0));
        progress.update(running(3, 1, 0));
        progress.update(running(3, 1, 1));
        progress.close();

        assertThat(printed.toString().lines()).hasSize(4).noneMatch(line -> line.contains("\r"));
    }

    private static BatchCounts running(long total, long completed, long failed) {
        return new BatchCounts("in_progress", total, completed, failed);
    }
}
