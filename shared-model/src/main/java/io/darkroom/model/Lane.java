package io.darkroom.model;

import java.util.Optional;

/**
 * The two lanes each provider's queue is split into, so a bulk backlog never starves interactive callers.
 * A request chooses one with {@code priority}.
 */
public enum Lane {
    /** Sync calls and single async submissions. */
    INTERACTIVE,
    /** Batch lines. */
    BULK;

    /** The lower-case name used in queue names and on the wire. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The lane named {@code name} on the wire; empty for null or an unknown name. */
    public static Optional<Lane> fromWireName(String name) {
        return WireNames.parse(values(), name);
    }
}
