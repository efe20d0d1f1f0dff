package io.darkroom.infra.webhooks;

import io.darkroom.model.Ids;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Webhook endpoints and secrets in Redis. Each API key has a default endpoint-less secret, which signs
 * deliveries to a request's own {@code webhook_url}, and any number of registered endpoints, each with its
 * own secret. A rotation keeps the previous secret signing for an overlap, so receivers can switch.
 */
public class WebhookStore {

    /** The pseudo endpoint id of deliveries to a request's own {@code webhook_url}. */
    public static final String REQUEST_URL = "request";

    private final StringRedisTemplate redis;
    private final Names names;

    public WebhookStore(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** A new {@code whsec_} secret: 24 random bytes, base64 (the Standard Webhooks form). */
    public static String newSecret() {
        return Ids.newWebhookSecret();
    }

    /** The key's default secret (signing {@code webhook_url} deliveries), created on first use. */
    public WebhookEndpoint requestUrlSigner(String owner) {
        String key = names.webhookSecretKey(owner);
        redis.opsForHash().putIfAbsent(key, "secret", newSecret());
        return endpointFrom(REQUEST_URL, owner, null, Set.of(), redis.<String, String>opsForHash().entries(key), Instant.EPOCH);
    }

    /** Rotates the key's default secret; the previous one keeps signing for {@code overlap}. */
    public WebhookEndpoint rotateRequestUrlSecret(String owner, Duration overlap) {
        requestUrlSigner(owner);
        rotate(names.webhookSecretKey(owner), overlap);
        return requestUrlSigner(owner);
    }

    public WebhookEndpoint create(String owner, String url, Set<String> events) {
        String id = Ids.newWebhookEndpointId();
        Map<String, String> fields = new HashMap<>(Map.of("id", id, "owner", owner, "url", url, "events", String.join(",", events),
                "secret", newSecret(), "disabled", "0", "created_at", Long.toString(Instant.now().toEpochMilli())));
        redis.opsForHash().putAll(names.webhookEndpointKey(id), fields);
        redis.opsForSet().add(names.webhookEndpointsOf(owner), id);
        return find(owner, id).orElseThrow();
    }

    /** The endpoint, when it exists and belongs to {@code owner}. */
    public Optional<WebhookEndpoint> find(String owner, String id) {
        Map<String, String> fields = redis.<String, String>opsForHash().entries(names.webhookEndpointKey(id));
        if (fields.isEmpty() || !owner.equals(fields.get("owner"))) {
            return Optional.empty();
        }
        return Optional.of(endpointFrom(id, owner, fields.get("url"), events(fields.get("events")), fields,
                Instant.ofEpochMilli(Long.parseLong(fields.get("created_at")))));
    }

    public List<WebhookEndpoint> list(String owner) {
        Set<String> ids = redis.opsForSet().members(names.webhookEndpointsOf(owner));
        return ids == null ? List.of() : ids.stream().sorted().map(id -> find(owner, id)).flatMap(Optional::stream).toList();
    }

    /** Updates what is given (null leaves a field as it is); empty when there is no such endpoint. */
    public Optional<WebhookEndpoint> update(String owner, String id, String url, Set<String> events, Boolean disabled) {
        if (find(owner, id).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> changes = new HashMap<>();
        if (url != null) {
            changes.put("url", url);
        }
        if (events != null) {
            changes.put("events", String.join(",", events));
        }
        if (disabled != null) {
            changes.put("disabled", disabled ? "1" : "0");
        }
        if (!changes.isEmpty()) {
            redis.opsForHash().putAll(names.webhookEndpointKey(id), changes);
        }
        return find(owner, id);
    }

    public Optional<WebhookEndpoint> rotate(String owner, String id, Duration overlap) {
        if (find(owner, id).isEmpty()) {
            return Optional.empty();
        }
        rotate(names.webhookEndpointKey(id), overlap);
        return find(owner, id);
    }

    public boolean delete(String owner, String id) {
        if (find(owner, id).isEmpty()) {
            return false;
        }
        redis.delete(names.webhookEndpointKey(id));
        redis.opsForSet().remove(names.webhookEndpointsOf(owner), id);
        return true;
    }

    /** The receiver answered 410 Gone: no more deliveries to it. */
    public void disable(String id) {
        redis.opsForHash().put(names.webhookEndpointKey(id), "disabled", "1");
    }

    private void rotate(String key, Duration overlap) {
        String current = (String) redis.opsForHash().get(key, "secret");
        redis.opsForHash().putAll(key, Map.of("secret", newSecret(), "previous_secret", Objects.requireNonNull(current),
                "previous_until", Long.toString(Instant.now().plus(overlap).toEpochMilli())));
    }

    private static WebhookEndpoint endpointFrom(String id, String owner, String url, Set<String> events, Map<String, String> fields,
            Instant createdAt) {
        String until = fields.get("previous_until");
        return new WebhookEndpoint(id, owner, url, events, fields.get("secret"), fields.get("previous_secret"),
                until == null ? null : Instant.ofEpochMilli(Long.parseLong(until)), "1".equals(fields.get("disabled")), createdAt);
    }

    private static Set<String> events(String list) {
        return list == null || list.isBlank() ? Set.of() : Arrays.stream(list.split(",")).collect(Collectors.toSet());
    }
}
