package io.darkroom.api.auth;

import io.darkroom.model.Ids;
import io.darkroom.model.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * API keys in Redis, found by the SHA-256 of their secret. The secrets are 256 random bits, so a fast
 * hash is the right one: nothing to brute-force, and every request can afford the look-up.
 */
@Component
public class ApiKeyStore {

    /**
     * How long a key found stays known to this instance without asking Redis. A change made through any instance
     * (revoke, tier, budget) is announced to all of them and forgotten at once ({@link KeyChangeListener}); this
     * bounds an announcement that was lost (decision 034).
     */
    static final Duration KNOWN_FOR = Duration.ofSeconds(5);
    /** The routing key of a key change on the events exchange; the body is the key's id. */
    static final String CHANGED = "keys.changed";

    private final StringRedisTemplate redis;
    private final Names names;
    private final String defaultTier;
    private final RabbitTemplate announcements;
    /** The callers found by the hash of their secret (keys that exist only: an unknown secret always asks Redis). */
    private final Cache<String, Caller> known = Caffeine.newBuilder().expireAfterWrite(KNOWN_FOR).maximumSize(100_000)
            .executor(Runnable::run).build();

    ApiKeyStore(StringRedisTemplate redis, Names names, io.darkroom.api.limits.TiersProperties tiers, ConnectionFactory rabbit) {
        this.redis = redis;
        this.names = names;
        this.defaultTier = tiers.defaultTier();
        this.announcements = new RabbitTemplate(rabbit);
    }

    /**
     * A new key; the returned secret is the only copy there will ever be.
     *
     * @param tier its tier, or null for the default tier (which follows {@code darkroom.api.limits.default-tier})
     */
    public CreatedKey create(String name, String tier) {
        String secret = Ids.newApiKeySecret();
        ApiKey key = store(Ids.newApiKeyId(), name, secret, tier);
        return new CreatedKey(key, secret);
    }

    /** Makes sure a key with this exact secret exists in {@code tier} (the development key), keeping its id stable. */
    public ApiKey ensure(String keyId, String name, String secret, String tier) {
        return findBySecret(secret).filter(caller -> caller.tier().equals(tier)).map(caller -> new ApiKey(caller.keyId(), caller.name(), null, tier))
                .orElseGet(() -> store(keyId, name, secret, tier));
    }

    /** The caller whose key has this secret; known for {@link #KNOWN_FOR} once found, unless its key changes. */
    public Optional<Caller> findBySecret(String secret) {
        String secretHash = hash(secret);
        Caller cached = known.getIfPresent(secretHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Map<Object, Object> fields = redis.opsForHash().entries(names.apiKeyByHash(secretHash));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Caller caller = new Caller((String) fields.get("id"), (String) fields.get("name"), tierOf(fields), budgetOf(fields));
        known.put(secretHash, caller);
        return Optional.of(caller);
    }

    /** Forgets what this instance knew of the key {@code keyId}: it changed. */
    void forget(String keyId) {
        known.asMap().values().removeIf(caller -> caller.keyId().equals(keyId));
    }

    /** Forgets the key here at once, and tells every api instance to (best effort: {@link #KNOWN_FOR} bounds a loss). */
    private void changed(String keyId) {
        forget(keyId);
        try {
            announcements.send(names.eventsExchange(), CHANGED, new org.springframework.amqp.core.Message(
                    keyId.getBytes(StandardCharsets.UTF_8)));
        } catch (org.springframework.amqp.AmqpException e) {
            org.slf4j.LoggerFactory.getLogger(ApiKeyStore.class).warn(
                    "Could not announce the change of key {}; other api instances know it for up to {} more", keyId, KNOWN_FOR);
        }
    }

    /** Sets a key's spend caps at once; false when there is no such key. */
    public boolean setBudget(String keyId, Caller.Budget budget) {
        Object secretHash = redis.opsForHash().get(names.apiKeyById(keyId), "hash");
        if (secretHash == null) {
            return false;
        }
        Map<String, String> fields = Map.of(DAILY, Long.toString(budget.dailyMicros()), MONTHLY, Long.toString(budget.monthlyMicros()));
        redis.opsForHash().putAll(names.apiKeyByHash((String) secretHash), fields);
        redis.opsForHash().putAll(names.apiKeyById(keyId), fields);
        changed(keyId);
        return true;
    }

    private static final String DAILY = "budget_daily_micros";
    private static final String MONTHLY = "budget_monthly_micros";

    private static Caller.Budget budgetOf(Map<Object, Object> fields) {
        return new Caller.Budget(micros(fields.get(DAILY)), micros(fields.get(MONTHLY)));
    }

    private static long micros(Object value) {
        return value == null || value.toString().isEmpty() ? 0 : Long.parseLong(value.toString());
    }

    /** Moves a key to another tier at once; false when there is no such key. */
    public boolean setTier(String keyId, String tier) {
        Object secretHash = redis.opsForHash().get(names.apiKeyById(keyId), "hash");
        if (secretHash == null) {
            return false;
        }
        redis.opsForHash().put(names.apiKeyByHash((String) secretHash), "tier", tier);
        redis.opsForHash().put(names.apiKeyById(keyId), "tier", tier);
        changed(keyId);
        return true;
    }

    private String tierOf(Map<Object, Object> fields) {
        Object tier = fields.get("tier");
        return tier == null || tier.toString().isEmpty() ? defaultTier : tier.toString();
    }

    public List<ApiKey> list() {
        return Objects.requireNonNull(redis.opsForSet().members(names.apiKeyIndex())).stream().sorted()
                .map(id -> redis.opsForHash().entries(names.apiKeyById(id)))
                .filter(fields -> !fields.isEmpty())
                .map(fields -> new ApiKey((String) fields.get("id"), (String) fields.get("name"),
                        Instant.ofEpochMilli(Long.parseLong((String) fields.get("created_at"))), tierOf(fields)))
                .toList();
    }

    /** Revokes the key at once; false when there was none. */
    public boolean revoke(String keyId) {
        Object secretHash = redis.opsForHash().get(names.apiKeyById(keyId), "hash");
        if (secretHash == null) {
            return false;
        }
        redis.delete(List.of(names.apiKeyByHash((String) secretHash), names.apiKeyById(keyId)));
        redis.opsForSet().remove(names.apiKeyIndex(), keyId);
        changed(keyId);
        return true;
    }

    private ApiKey store(String keyId, String name, String secret, String tier) {
        String secretHash = hash(secret);
        Instant now = Instant.now();
        String created = Long.toString(now.toEpochMilli());
        String stored = tier == null ? "" : tier;
        redis.opsForHash().putAll(names.apiKeyByHash(secretHash), Map.of("id", keyId, "name", name, "created_at", created, "tier", stored));
        redis.opsForHash().putAll(names.apiKeyById(keyId), Map.of("id", keyId, "name", name, "created_at", created, "hash", secretHash,
                "tier", stored));
        redis.opsForSet().add(names.apiKeyIndex(), keyId);
        return new ApiKey(keyId, name, now, tier == null ? defaultTier : tier);
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /**
     * @param key    the stored key
     * @param secret the bearer secret, shown once
     */
    public record CreatedKey(ApiKey key, String secret) {
    }
}
