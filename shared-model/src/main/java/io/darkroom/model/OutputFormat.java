package io.darkroom.model;

import java.util.Locale;
import java.util.Optional;

/** The image encodings Darkroom produces, with their media types and file extensions. */
public enum OutputFormat {
    PNG("image/png", true),
    JPEG("image/jpeg", false),
    WEBP("image/webp", true);

    private final String mediaType;
    private final boolean supportsTransparency;

    OutputFormat(String mediaType, boolean supportsTransparency) {
        this.mediaType = mediaType;
        this.supportsTransparency = supportsTransparency;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether an alpha channel survives this encoding ({@code background: transparent}). */
    public boolean supportsTransparency() {
        return supportsTransparency;
    }

    /** The name used on the wire and as the file extension ({@code png}, {@code jpeg}, {@code webp}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; {@code jpg} is accepted for {@code jpeg}. Empty for anything else. */
    public static Optional<OutputFormat> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.toLowerCase(Locale.ROOT);
        if (normalized.equals("jpg")) {
            return Optional.of(JPEG);
        }
        for (OutputFormat format : values()) {
            if (format.wireName().equals(normalized)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
