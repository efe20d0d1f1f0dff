package io.darkroom.worker.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The global concurrency limits, under {@code darkroom.worker.limits.*}; each provider's limit itself is
 * {@code darkroom.providers.*.concurrency}.
 *
 * @param lease        how long a permit lives unless renewed; a dead worker's permits come back within it
 * @param bulkShare    the share of a provider's limit the bulk lane may hold, so interactive calls find room
 * @param pollInterval how often a waiting worker re-tries when no release was announced
 */
@ConfigurationProperties("darkroom.worker.limits")
public record LimitProperties(
        @DefaultValue("30s") Duration lease,
        @DefaultValue("0.75") double bulkShare,
        @DefaultValue("50ms") Duration pollInterval) {

    public LimitProperties {
        if (bulkShare <= 0 || bulkShare > 1) {
            throw new IllegalArgumentException("darkroom.worker.limits.bulk-share must be in (0, 1]");
        }
        if (lease.toMillis() < 300) {
            throw new IllegalArgumentException("darkroom.worker.limits.lease must be at least 300ms");
        }
    }

    /** The permits the bulk lane may hold of {@code limit}: at least one, and one fewer than the limit when it can. */
    public int bulkLimit(int limit) {
        int share = (int) Math.floor(limit * bulkShare);
        return Math.max(1, Math.min(share, limit > 1 ? limit - 1 : 1));
    }
}
