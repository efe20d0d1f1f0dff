package io.darkroom.api.auth;

import java.time.Instant;

/**
 * An API key as listed: never its secret, which is shown once at creation and stored only as a hash.
 *
 * @param id        {@code key_...}
 * @param name      a label
 * @param createdAt when it was created
 * @param tier      its tier (its limits)
 */
public record ApiKey(String id, String name, Instant createdAt, String tier) {
}
