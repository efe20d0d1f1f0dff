package io.darkroom.model;

import java.util.Optional;

/** The background of a generated image: {@code background}. */
public enum Background {
    /** An alpha channel; needs an output format that keeps one. */
    TRANSPARENT,
    OPAQUE,
    /** The model decides (the default). */
    AUTO;

    /** The name on the wire: {@code transparent}, {@code opaque} or {@code auto}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The background named {@code name} on the wire; empty for null or an unknown name. */
    public static Optional<Background> fromWireName(String name) {
        return WireNames.parse(values(), name);
    }
}
