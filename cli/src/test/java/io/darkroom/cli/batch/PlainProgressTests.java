package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlainProgressTests {

    @Test
    void lineShowsFinishedOfTotalFailuresRateAndTimeLeft() {
        PlainProgress progress = new PlainProgress("batch_1", 10, 0, new PrintWriter(new StringWriter()));

        assertThat(progress.line(3, 1, Duration.ofSeconds(2))).isEqualTo("batch_1: 4/10 finished (1 failed), 2.0/s, ETA 0:00:03");
        assertThat(progress.line(9, 1, Duration.ofSeconds(4))).endsWith("done");
        assertThat(progress.line(0, 0, Duration.ofSeconds(4))).endsWith("ETA ?");
    }

    @Test
    void rateCountsOnlyTheLinesFinishedWhileThisRunWatched() {
        PlainProgress progress = new PlainProgress("batch_1", 100, 50, new PrintWriter(new StringWriter()));

        assertThat(progress.line(60, 0, Duration.ofSeconds(10))).contains("1.0/s").contains("ETA 0:00:40");
    }

    @Test
    void printsALineWhenTheCountsChangeAndNotForEveryPoll() {
        StringWriter printed = new StringWriter();
        PlainProgress progress = new PlainProgress("batch_1", 3, 0, new PrintWriter(printed));

        progress.update(0, 0);
        progress.update(0, 0);
        progress.update(1, 0);
        progress.update(1, 1);
        progress.close();

        assertThat(printed.toString().lines()).hasSize(3).noneMatch(line -> line.contains("\r"));
    }
}
