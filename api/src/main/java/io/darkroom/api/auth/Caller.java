package io.darkroom.api.auth;

/**
 * The authenticated API key behind a request; controllers receive it as a request attribute.
 *
 * @param keyId the key's id ({@code key_...}), which owns the jobs it creates
 * @param name  the key's label
 * @param tier  the key's tier (its limits); null for the api's own work on a key's behalf (a parked job
 *              replayed by an admin), which no limit applies to
 */
public record Caller(String keyId, String name, String tier) {

    /** The api acting on a key's behalf: no limit applies. */
    public Caller(String keyId, String name) {
        this(keyId, name, null);
    }

    /** The request attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "darkroom.caller";
}
