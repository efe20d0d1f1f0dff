package io.darkroom.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** A receiver's {@code Retry-After}, in either form, as the dispatcher waits for it. */
class WebhookRetryAfterTests {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration CAP = Duration.ofHours(24);

    @Test
    void httpDateIsHonouredAsTheWaitUntilThatMoment() {
        assertThat(WebhookDispatcher.retryAfter(date(NOW.plusSeconds(90)), NOW, CAP)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void httpDateBeyondTheCapIsCutToItAsSecondsAre() {
        assertThat(WebhookDispatcher.retryAfter(date(NOW.plus(Duration.ofDays(30))), NOW, CAP)).isEqualTo(CAP);
        assertThat(WebhookDispatcher.retryAfter(Long.toString(Duration.ofDays(30).toSeconds()), NOW, CAP)).isEqualTo(CAP);
    }

    @Test
    void secondsAreHonouredAndGarbageIsNoHint() {
        assertThat(WebhookDispatcher.retryAfter("2", NOW, CAP)).isEqualTo(Duration.ofSeconds(2));
        assertThat(WebhookDispatcher.retryAfter("later please", NOW, CAP)).isNull();
    }

    private static String date(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }
}
