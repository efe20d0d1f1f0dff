package io.darkroom.worker.routing;

import io.darkroom.infra.providers.CircuitStates;
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
 * succeeds; its state is published to Redis (for routing and {@code /v1/models}) and to metrics
 * ({@code resilience4j_circuitbreaker_state}).
 */
@Component
public class ProviderBreakers {

    private static final Logger log = LoggerFactory.getLogger(ProviderBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final CircuitStates states;
    private final BreakerProperties properties;

    ProviderBreakers(BreakerProperties properties, CircuitStates states, MeterRegistry meters) {
        this.properties = properties;
        this.states = states;
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
    boolean isOpen(String provider) {
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
            CircuitBreaker.State to = event.getStateTransition().getToState();
            log.warn("Circuit of provider {} went {}", breaker.getName(), event.getStateTransition());
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                states.markOpen(breaker.getName(), properties.openFor());
            } else if (to == CircuitBreaker.State.CLOSED) {
                states.markClosed(breaker.getName());
            }
        });
    }
}
