package io.darkroom.worker.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per provider. Provider-side failures (credentials, credits, outages,
 * timeouts) count; the caller's own errors do not. An open circuit skips the provider until a probe
 * succeeds. This worker's breakers are the one judge of a provider's health: a change is published as a
 * {@link CircuitChanged} event (the heartbeat advertises the states at once, for the api's routing and
 * {@code /v1/models}) and to metrics ({@code resilience4j_circuitbreaker_state}).
 */
@Component
public class ProviderBreakers {

    private static final Logger log = LoggerFactory.getLogger(ProviderBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final org.springframework.context.ApplicationEventPublisher events;

    ProviderBreakers(BreakerProperties properties, org.springframework.context.ApplicationEventPublisher events, MeterRegistry meters) {
        this.events = events;
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(properties.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /** Whether a call to {@code provider} may go ahead now (closed, or a half-open probe). */
    boolean tryAcquire(String provider) {
        return breaker(provider).tryAcquirePermission();
    }

    /** Whether the provider's circuit is open (calls refused without asking). */
    public boolean isOpen(String provider) {
        CircuitBreaker.State state = breaker(provider).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    void succeeded(String provider, long nanos) {
        breaker(provider).onSuccess(nanos, TimeUnit.NANOSECONDS);
    }

    void failed(String provider, long nanos, Throwable failure) {
        breaker(provider).onError(nanos, TimeUnit.NANOSECONDS, failure);
    }

    /** The call's outcome says nothing about the provider (the caller's own error). */
    void released(String provider) {
        breaker(provider).releasePermission();
    }

    public CircuitBreaker.State state(String provider) {
        return breaker(provider).getState();
    }

    private CircuitBreaker breaker(String provider) {
        return registry.circuitBreaker(provider);
    }

    private void watch(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            log.warn("Circuit of provider {} went {}", breaker.getName(), event.getStateTransition());
            events.publishEvent(new CircuitChanged(breaker.getName()));
        });
    }

    /** The circuit of {@code provider} changed state on this worker. */
    public record CircuitChanged(String provider) {
    }
}
