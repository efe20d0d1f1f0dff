package io.darkroom.api.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code Idempotency-Key}s are kept, under {@code darkroom.api.idempotency.*}.
 *
 * @param ttl   how long a key's answer is kept and replayed, from the end of its first request
 * @param lease how long a first request still in flight holds its key; a retry within it is answered 409,
 *              after it (the api that took the request died) the retry runs
 */
@ConfigurationProperties("darkroom.api.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("10m") Duration lease) {
}
