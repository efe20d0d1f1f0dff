package io.darkroom.model;

import java.util.Optional;

/** How closely an edit keeps the features of its input images: {@code input_fidelity} (edits only). */
public enum InputFidelity {
    HIGH,
    LOW;

    /** The name on the wire: {@code high} or {@code low}. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The fidelity named {@code name} on the wire; empty for null or an unknown name. */
    public static Optional<InputFidelity> fromWireName(String name) {
        return WireNames.parse(values(), name);
    }
}
