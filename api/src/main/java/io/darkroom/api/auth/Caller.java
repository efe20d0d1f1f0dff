package io.darkroom.api.auth;

/**
 * The authenticated API key behind a request; controllers receive it as a request attribute.
 *
 * @param keyId the key's id ({@code key_...}), which owns the jobs it creates
 * @param name  the key's label
 */
public record Caller(String keyId, String name) {

    /** The request attribute the authentication filter stores the caller under. */
    public static final String ATTRIBUTE = "darkroom.caller";
}
