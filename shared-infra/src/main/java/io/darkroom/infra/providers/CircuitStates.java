package io.darkroom.infra.providers;

import io.darkroom.model.Names;
import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Which providers' circuit breakers are open, shared through Redis: a worker whose breaker opens marks
 * the provider for the breaker's open period, and the api (routing, {@code /v1/models}) reads it.
 */
public class CircuitStates {

    private final StringRedisTemplate redis;
    private final Names names;

    public CircuitStates(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    public void markOpen(String provider, Duration openFor) {
        redis.opsForValue().set(names.circuitKey(provider), "open", openFor);
    }

    public void markClosed(String provider) {
        redis.delete(names.circuitKey(provider));
    }

    public boolean isOpen(String provider) {
        return Boolean.TRUE.equals(redis.hasKey(names.circuitKey(provider)));
    }
}
