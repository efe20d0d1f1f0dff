package io.darkroom.model;

import java.util.Optional;

/** How the images of a finished request are answered: {@code response_format}. */
public enum ResponseFormat {
    /** Hosted, expiring URLs (the default). */
    URL,
    /** The image bytes inline, base64-encoded. */
    B64_JSON;

    /** The name on the wire: {@code url} or {@code b64_json}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The format named {@code name} on the wire; empty for null or an unknown name. */
    public static Optional<ResponseFormat> fromWireName(String name) {
        return WireNames.parse(values(), name);
    }
}
