package io.darkroom.infra.webhooks;

import java.time.Instant;
import java.util.Set;

/**
 * A place an API key wants its jobs' events posted.
 *
 * @param id               {@code we_...}
 * @param owner            the API key id
 * @param url              where events are posted
 * @param events           the event types it wants; empty for all
 * @param secret           the {@code whsec_} signing secret
 * @param previousSecret   the secret before the last rotation, still signing until {@code previousUntil}; or null
 * @param previousUntil    when the previous secret stops signing; or null
 * @param disabled         whether deliveries stop (the receiver answered 410, or the owner said so)
 * @param createdAt        when it was created
 */
public record WebhookEndpoint(String id, String owner, String url, Set<String> events, String secret, String previousSecret,
        Instant previousUntil, boolean disabled, Instant createdAt) {

    public WebhookEndpoint {
        events = Set.copyOf(events);
    }

    /** Whether this endpoint wants events of {@code type} and takes deliveries. */
    public boolean wants(String type) {
        return !disabled && (events.isEmpty() || events.contains(type));
    }

    /** The secrets to sign with at {@code now}: the current one, and during a rotation's overlap the previous one. */
    public java.util.List<String> signingSecrets(Instant now) {
        return previousSecret != null && previousUntil != null && now.isBefore(previousUntil)
                ? java.util.List.of(secret, previousSecret) : java.util.List.of(secret);
    }
}
