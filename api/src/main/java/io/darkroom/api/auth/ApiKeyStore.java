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

    ApiKeyStore(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** A new key; the returned secret is the only copy there will ever be. */
    public CreatedKey create(String name) {
        String secret = Ids.newApiKeySecret();
        ApiKey key = store(Ids.newApiKeyId(), name, secret);
        return new CreatedKey(key, secret);
    }

    /** Makes sure a key with this exact secret exists (the development key), keeping its id stable. */
    public ApiKey ensure(String keyId, String name, String secret) {
        return findBySecret(secret).map(caller -> new ApiKey(caller.keyId(), caller.name(), null))
                .orElseGet(() -> store(keyId, name, secret));
    }

    public Optional<Caller> findBySecret(String secret) {
        Map<Object, Object> fields = redis.opsForHash().entries(names.apiKeyByHash(hash(secret)));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Caller((String) fields.get("id"), (String) fields.get("name")));
    }

    public List<ApiKey> list() {
        return Objects.requireNonNull(redis.opsForSet().members(names.apiKeyIndex())).stream().sorted()
                .map(id -> redis.opsForHash().entries(names.apiKeyById(id)))
                .filter(fields -> !fields.isEmpty())
                .map(fields -> new ApiKey((String) fields.get("id"), (String) fields.get("name"),
                        Instant.ofEpochMilli(Long.parseLong((String) fields.get("created_at")))))
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

    private ApiKey store(String keyId, String name, String secret) {
        String secretHash = hash(secret);
        Instant now = Instant.now();
        String created = Long.toString(now.toEpochMilli());
        redis.opsForHash().putAll(names.apiKeyByHash(secretHash), Map.of("id", keyId, "name", name, "created_at", created));
        redis.opsForHash().putAll(names.apiKeyById(keyId), Map.of("id", keyId, "name", name, "created_at", created, "hash", secretHash));
        redis.opsForSet().add(names.apiKeyIndex(), keyId);
        return new ApiKey(keyId, name, now);
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
