package io.darkroom.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(20));

    @Test
    void retryAfterWithinTheCapIsWaitedAsGiven() {
        assertThat(backoff.delayBefore(1, Optional.of(Duration.ofSeconds(12)))).contains(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterBeyondTheCapMovesOnInsteadOfWaiting() {
        assertThat(backoff.delayBefore(1, Optional.of(Duration.ofMinutes(5)))).isEmpty();
    }

    @Test
    void withoutRetryAfterTheDelayStaysUnderTheGrowingCeiling() {
        for (int retry = 1; retry <= 10; retry++) {
            Duration ceiling = Duration.ofMillis((long) Math.min(20_000, 500 * Math.pow(2, retry - 1)));
            assertThat(backoff.delayBefore(retry, Optional.empty())).hasValueSatisfying(delay -> assertThat(delay).isLessThanOrEqualTo(ceiling));
        }
    }
}
