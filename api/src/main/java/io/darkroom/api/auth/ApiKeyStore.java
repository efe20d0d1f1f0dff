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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * API keys in Redis, found by the SHA-256 of their secret. The secrets are 256 random bits, so a fast
 * hash is the right one: nothing to brute-force, and every request can afford the look-up.
 */
@Component
public class ApiKeyStore {

    private final StringRedisTemplate redis;
    private final Names names;
    private final String defaultTier;

    ApiKeyStore(StringRedisTemplate redis, Names names, io.darkroom.api.limits.TiersProperties tiers) {
        this.redis = redis;
        this.names = names;
        this.defaultTier = tiers.defaultTier();
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

    public Optional<Caller> findBySecret(String secret) {
        Map<Object, Object> fields = redis.opsForHash().entries(names.apiKeyByHash(hash(secret)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Caller((String) fields.get("id"), (String) fields.get("name"), tierOf(fields), budgetOf(fields)));
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
