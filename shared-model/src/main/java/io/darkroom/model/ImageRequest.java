package io.darkroom.model;

import java.util.Map;

/**
 * An image generation request in OpenAI's shape, plus Darkroom's extensions. On the wire every field
 * is snake_case ({@code response_format}, {@code output_format}, ...).
 *
 * <p>Any field may be null in a request as received; {@link ModelCatalog#validate(ImageRequest)}
 * returns a copy with every default filled in, which is what jobs carry.
 *
 * @param model             catalog id, for example {@code local/fast}
 * @param prompt            the text to render
 * @param n                 number of images
 * @param size              {@code WIDTHxHEIGHT} or {@code auto}
 * @param quality           a quality the model lists, or {@code auto}
 * @param style             {@code vivid} or {@code natural}, where the model has styles
 * @param responseFormat    {@code url} or {@code b64_json}
 * @param outputFormat      {@code png}, {@code jpeg} or {@code webp}
 * @param outputCompression 0-100, for jpeg and webp
 * @param background        {@code transparent}, {@code opaque} or {@code auto}
 * @param moderation        {@code low} or {@code auto}
 * @param user              the caller's end-user id, recorded as given
 * @param seed              Darkroom extension: makes the result reproducible where the provider allows it
 * @param metadata          Darkroom extension: up to 16 string pairs stored on the job and returned
 */
public record ImageRequest(
        String model,
        String prompt,
        Integer n,
        String size,
        String quality,
        String style,
        String responseFormat,
        String outputFormat,
        Integer outputCompression,
        String background,
        String moderation,
        String user,
        Long seed,
        Map<String, String> metadata) {

    /** A request for {@code prompt} on {@code model} with every other field left to its default. */
    public static ImageRequest of(String model, String prompt) {
        return new ImageRequest(model, prompt, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ImageRequest withModel(String value) {
        return new ImageRequest(value, prompt, n, size, quality, style, responseFormat, outputFormat,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withN(Integer value) {
        return new ImageRequest(model, prompt, value, size, quality, style, responseFormat, outputFormat,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withSize(String value) {
        return new ImageRequest(model, prompt, n, value, quality, style, responseFormat, outputFormat,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withQuality(String value) {
        return new ImageRequest(model, prompt, n, size, value, style, responseFormat, outputFormat,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withResponseFormat(String value) {
        return new ImageRequest(model, prompt, n, size, quality, style, value, outputFormat,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withOutputFormat(String value) {
        return new ImageRequest(model, prompt, n, size, quality, style, responseFormat, value,
                outputCompression, background, moderation, user, seed, metadata);
    }

    public ImageRequest withBackground(String value) {
        return new ImageRequest(model, prompt, n, size, quality, style, responseFormat, outputFormat,
                outputCompression, value, moderation, user, seed, metadata);
    }

    public ImageRequest withSeed(Long value) {
        return new ImageRequest(model, prompt, n, size, quality, style, responseFormat, outputFormat,
                outputCompression, background, moderation, user, value, metadata);
    }

    /** The size as pixels; only meaningful on a validated request. */
    public ImageSize imageSize() {
        return ImageSize.parse(size).orElseThrow(() -> new IllegalStateException("Unvalidated size '" + size + "'"));
    }

    /** The output format; only meaningful on a validated request. */
    public OutputFormat format() {
        return OutputFormat.fromWireName(outputFormat)
                .orElseThrow(() -> new IllegalStateException("Unvalidated output_format '" + outputFormat + "'"));
    }

    /** Whether the caller asked for a transparent background. */
    public boolean wantsTransparency() {
        return "transparent".equals(background);
    }
}
