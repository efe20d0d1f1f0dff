package io.darkroom.worker.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker of every provider, under {@code darkroom.worker.circuit-breaker.*}, and the retry
 * backoff, under {@code darkroom.worker.backoff.*}.
 *
 * @param failureRateThreshold percentage of failed calls, in the window, that opens the circuit
 * @param slidingWindowSize    how many recent calls the rate is taken over
 * @param minimumCalls         calls needed before the rate counts
 * @param openFor              how long an open circuit refuses calls before letting probes through
 * @param probes               calls let through while half-open
 * @param backoffInitial       the first retry's base delay
 * @param backoffCap           the longest retry delay
 */
@ConfigurationProperties("darkroom.worker.circuit-breaker")
public record BreakerProperties(
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("10") int slidingWindowSize,
        @DefaultValue("4") int minimumCalls,
        @DefaultValue("30s") Duration openFor,
        @DefaultValue("1") int probes,
        @DefaultValue("500ms") Duration backoffInitial,
        @DefaultValue("20s") Duration backoffCap) {

    public Backoff backoff() {
        return new Backoff(backoffInitial, Backoff.DEFAULT_FACTOR, backoffCap);
    }
}
