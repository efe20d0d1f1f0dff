package io.darkroom.cli;

import java.util.Locale;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/** The image parameters every command takes; each one left out is left to Darkroom (or to the input line). */
public final class ImageOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "A model id from GET /v1/models (Darkroom's default: local/fast).")
    String model;

    @Option(names = {"-s", "--size"}, paramLabel = "WxH", description = "The size, e.g. 1024x1024, 512x512, or auto.")
    String size;

    @Option(names = {"-q", "--quality"}, paramLabel = "QUALITY", description = "The quality, e.g. low, medium, high, or auto.")
    String quality;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "The image format: png, jpeg or webp.")
    ImageType format;

    /** The format asked for, or null. */
    public ImageType format() {
        return format;
    }

    /** Sets each parameter given here that {@code body} does not already have: the body's own values win. */
    public void applyTo(ObjectNode body) {
        putIfAbsent(body, "model", model);
        putIfAbsent(body, "size", size);
        putIfAbsent(body, "quality", quality);
        putIfAbsent(body, "output_format", format == null ? null : format.name().toLowerCase(Locale.ROOT));
    }

    private static void putIfAbsent(ObjectNode body, String name, String value) {
        if (value != null && !body.has(name)) {
            body.put(name, value);
        }
    }
}
