package io.darkroom.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The kinds of image Darkroom returns, told by their first bytes, not by what a URL or header claims. */
public enum ImageType {
    PNG("png"), JPEG("jpg"), WEBP("webp");

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final String extension;

    ImageType(String extension) {
        this.extension = extension;
    }

    /** The file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The type of these bytes; {@link IllegalArgumentException} naming their start when they are none of the three. */
    public static ImageType of(byte[] bytes) {
        if (bytes.length >= 8 && Arrays.equals(bytes, 0, 8, PNG_SIGNATURE, 0, 8)) {
            return PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (bytes.length >= 12 && "RIFF".equals(ascii(bytes, 0)) && "WEBP".equals(ascii(bytes, 8))) {
            return WEBP;
        }
        throw new IllegalArgumentException("Not a PNG, JPEG or WebP image (" + bytes.length + " bytes starting "
                + (bytes.length >= 4 ? "'" + ascii(bytes, 0) + "'" : "with nothing") + ").");
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }
}
