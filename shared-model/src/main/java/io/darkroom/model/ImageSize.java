package io.darkroom.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image size in pixels, written {@code WIDTHxHEIGHT} on the wire.
 *
 * @param width  pixels, positive
 * @param height pixels, positive
 */
public record ImageSize(int width, int height) {

    private static final Pattern WIRE_FORM = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})");

    public ImageSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("Image sides must be positive, got " + width + "x" + height);
        }
    }

    /** Parses {@code WIDTHxHEIGHT}; empty when the text is not of that form. */
    public static Optional<ImageSize> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = WIRE_FORM.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ImageSize(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
    }

    public long pixels() {
        return (long) width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
