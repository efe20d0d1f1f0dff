package io.darkroom.model;

import java.util.Optional;

/** How strictly the provider moderates the request: {@code moderation}. */
public enum Moderation {
    /** Less restrictive filtering, where the provider offers it. */
    LOW,
    /** The provider's standard filtering (the default). */
    AUTO;

    /** The name on the wire: {@code low} or {@code auto}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The moderation named {@code name} on the wire; empty for null or an unknown name. */
    public static Optional<Moderation> fromWireName(String name) {
        return WireNames.parse(values(), name);
    }
}
