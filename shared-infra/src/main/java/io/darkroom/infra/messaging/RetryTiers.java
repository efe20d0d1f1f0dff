package io.darkroom.infra.messaging;

import java.time.Duration;
import java.util.List;

/**
 * The delays a retry can wait, one delay queue each (a queue TTL dead-lettering back to the jobs exchange),
 * so a short retry scheduled after a long one is never held behind it. A wanted delay is rounded up to the
 * next tier: a provider's {@code Retry-After} is never cut short.
 */
public final class RetryTiers {

    /** 1 s, 5 s, 30 s, 2 min, 10 min. */
    public static final List<Duration> DEFAULT = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2), Duration.ofMinutes(10));

    private RetryTiers() {
    }

    /** The smallest tier at least {@code delay}; the largest when the delay exceeds every tier. */
    public static Duration tierFor(Duration delay) {
        return DEFAULT.stream().filter(tier -> tier.compareTo(delay) >= 0).findFirst().orElse(DEFAULT.getLast());
    }

    /** The tier's name in exchange and queue names: {@code 1s}, {@code 30s}, {@code 2m}. */
    public static String label(Duration tier) {
        return tier.toSeconds() % 60 == 0 && tier.toSeconds() >= 60 ? tier.toMinutes() + "m" : tier.toSeconds() + "s";
    }
}
