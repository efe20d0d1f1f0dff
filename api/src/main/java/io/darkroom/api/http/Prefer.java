package io.darkroom.api.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The preferences of an RFC 7240 {@code Prefer} header that Darkroom honours: {@code respond-async}
 * (answer 202 at once) and {@code wait=N} (wait at most N seconds). Unknown preferences are ignored,
 * as the RFC asks; a malformed {@code wait} is ignored too.
 *
 * @param respondAsync whether the caller asked not to wait at all
 * @param waitFor      the longest the caller is willing to wait, when it said
 */
public record Prefer(boolean respondAsync, Optional<Duration> waitFor) {

    public static final Prefer NONE = new Prefer(false, Optional.empty());

    /** Parses the header's value; null or blank gives {@link #NONE}. */
    public static Prefer parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean respondAsync = false;
        Optional<Duration> waitFor = Optional.empty();
        for (String preference : header.split(",")) {
            String token = preference.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (token.equals("respond-async")) {
                respondAsync = true;
            } else if (token.startsWith("wait=")) {
                waitFor = seconds(token.substring("wait=".length()).replace("\"", ""));
            }
        }
        return new Prefer(respondAsync, waitFor);
    }

    private static Optional<Duration> seconds(String value) {
        if (!value.matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
}
