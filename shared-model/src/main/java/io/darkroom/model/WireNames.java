package io.darkroom.model;

import java.util.Locale;
import java.util.Optional;

/** The wire names of Darkroom's closed enums: the constant's name in lower case ({@code B64_JSON} is {@code b64_json}). */
final class WireNames {

    private WireNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire name is exactly {@code name}; empty for null or anything else. */
    static <E extends Enum<E>> Optional<E> parse(E[] values, String name) {
        for (E value : values) {
            if (of(value).equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
