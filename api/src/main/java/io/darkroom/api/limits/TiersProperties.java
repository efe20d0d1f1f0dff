package io.darkroom.api.limits;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tiers an API key may belong to, under {@code darkroom.api.limits.*}.
 *
 * @param defaultTier the tier of a key that names none (every key created without one)
 * @param devKeyTier  the tier of the development key ({@code darkroom.api.dev-key})
 * @param tiers       each tier by name
 */
@ConfigurationProperties("darkroom.api.limits")
public record TiersProperties(@DefaultValue("standard") String defaultTier, @DefaultValue("unlimited") String devKeyTier,
        Map<String, Tier> tiers) {

    public TiersProperties {
        tiers = tiers == null ? Map.of() : Map.copyOf(tiers);
        if (!tiers.containsKey(defaultTier)) {
            throw new IllegalArgumentException("darkroom.api.limits.default-tier '" + defaultTier + "' is not a configured tier "
                    + tiers.keySet());
        }
        if (!tiers.containsKey(devKeyTier)) {
            throw new IllegalArgumentException("darkroom.api.limits.dev-key-tier '" + devKeyTier + "' is not a configured tier "
                    + tiers.keySet());
        }
    }

    /** The tier named {@code name}; empty when no such tier is configured. */
    public Optional<Tier> find(String name) {
        return Optional.ofNullable(name).map(tiers::get);
    }

    /**
     * One tier's limits; 0 means no limit.
     *
     * @param imagesPerMinute images a key may request per minute (a sliding minute: GCRA)
     * @param imagesPerDay    images a key may request per UTC day
     * @param maxN            the largest {@code n} one request may ask for
     * @param concurrentJobs  how many of a key's image requests may be unfinished (queued or running) at once
     * @param batchLinesInFlight how many lines of a key's batches may be in the queue or running at once; the
     *                        others wait in Redis and are released as earlier lines finish, so one key's huge
     *                        batch is never more than this many lines ahead of another key's in the bulk lane
     */
    public record Tier(@DefaultValue("0") int imagesPerMinute, @DefaultValue("0") int imagesPerDay, @DefaultValue("0") int maxN,
            @DefaultValue("0") int concurrentJobs, @DefaultValue("0") int batchLinesInFlight) {

        boolean limitsRate() {
            return imagesPerMinute > 0 || imagesPerDay > 0;
        }
    }
}
