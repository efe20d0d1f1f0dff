package io.darkroom.model;

import java.util.Locale;

/** The two lanes each provider's queue is split into, so a bulk backlog never starves interactive callers. */
public enum Lane {
    /** Sync calls and single async submissions. */
    INTERACTIVE,
    /** Batch lines. */
    BULK;

    /** The lower-case name used in queue names and on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
