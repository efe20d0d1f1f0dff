package io.darkroom.worker.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter and a cap; a provider's {@code Retry-After} wins when it gave one.
 *
 * @param initial the base delay of the first retry
 * @param factor  growth per retry
 * @param cap     the longest delay; a {@code Retry-After} beyond it means "not now": try elsewhere
 */
public record Backoff(Duration initial, double factor, Duration cap) {

    public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
    public static final double DEFAULT_FACTOR = 2.0;
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(20);
    public static final Backoff DEFAULT = new Backoff(DEFAULT_INITIAL, DEFAULT_FACTOR, DEFAULT_CAP);

    public Backoff {
        if (initial.isNegative() || cap.compareTo(initial) < 0 || factor < 1) {
            throw new IllegalArgumentException("Backoff needs 0 <= initial <= cap and factor >= 1");
        }
    }

    /**
     * The delay before retry number {@code retry} (1 for the first), or empty when the provider asked
     * for longer than the cap.
     */
    public Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(cap) > 0 ? Optional.empty() : retryAfter;
        }
        double ceiling = Math.min(cap.toMillis(), initial.toMillis() * Math.pow(factor, retry - 1));
        return Optional.of(Duration.ofMillis((long) (ThreadLocalRandom.current().nextDouble() * ceiling)));
    }
}
