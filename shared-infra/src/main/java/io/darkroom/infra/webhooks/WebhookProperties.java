package io.darkroom.infra.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery, under {@code darkroom.webhooks.*}.
 *
 * @param schedule         the waits before each retry of a failed delivery (the Standard Webhooks example by
 *                         default: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, about a day in all); jitter is added
 * @param timeout          connect and read timeout of one delivery
 * @param allowList        address ranges (CIDR) deliveries may reach although private or local
 * @param rotationOverlap  how long a rotated secret keeps signing beside the new one
 * @param maxRetryAfter    the longest wait a receiver's {@code Retry-After} (seconds or HTTP date) can ask
 *                         for before the next attempt; a longer one is cut to it
 * @param consumers        deliveries in flight per worker (its consumer's prefetch)
 */
@ConfigurationProperties("darkroom.webhooks")
public record WebhookProperties(
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> schedule,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("") List<String> allowList,
        @DefaultValue("24h") Duration rotationOverlap,
        @DefaultValue("24h") Duration maxRetryAfter,
        @DefaultValue("32") int consumers) {
}
