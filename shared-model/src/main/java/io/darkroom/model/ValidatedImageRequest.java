package io.darkroom.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An image request that passed {@link ModelCatalog#validate(ImageRequest)}: every default filled in, every
 * closed set of values an enum, nothing null. This is what a {@link Job} carries and what workers and
 * providers read; the nullable {@link ImageRequest} is only the draft that bodies and batch lines parse into.
 *
 * <p>Only validation makes one (its constructor is package-private). The one other way in is
 * {@link #restore(ImageRequest)}, for a request that validation produced and a store kept; an architecture
 * test allows only the job store's codec to call it. Instances are immutable; equal requests are
 * {@link #equals equal}.
 */
public final class ValidatedImageRequest {

    private final Values values;

    /**
     * Called by validation only, with checked values.
     *
     * @throws NullPointerException when a field is null (an {@code Optional} stands for an absent one)
     */
    ValidatedImageRequest(String model, String prompt, int n, ImageSize size, String quality, Optional<String> style,
            ResponseFormat responseFormat, OutputFormat outputFormat, OptionalInt outputCompression, Background background,
            Moderation moderation, Optional<String> user, boolean stream, int partialImages, Optional<InputFidelity> inputFidelity,
            List<String> images, Optional<String> mask, OptionalLong seed, Map<String, String> metadata,
            Optional<ProviderPreference> provider, Lane lane, Optional<String> webhookUrl) {
        values = new Values(model, prompt, n, size, quality, style, responseFormat, outputFormat, outputCompression, background,
                moderation, user, stream, partialImages, inputFidelity, List.copyOf(images), mask, seed, Map.copyOf(metadata),
                provider, lane, webhookUrl);
    }

    /**
     * Restores a request stored by validation: the {@link #toImageRequest() wire form} of a validated request,
     * as the job store kept it. The model's rules are not checked again (the catalog may have changed since the
     * job was accepted); only that every field validation fills is present and well formed.
     *
     * <p>Not a way around validation: anything a caller sent goes through {@link ModelCatalog#validate}.
     *
     * @throws IllegalArgumentException naming the field when {@code stored} is not a validated request's wire form
     */
    public static ValidatedImageRequest restore(ImageRequest stored) {
        return new ValidatedImageRequest(present("model", stored.model()), present("prompt", stored.prompt()),
                present("n", stored.n()), parsed("size", ImageSize.parse(stored.size()), stored.size()),
                present("quality", stored.quality()), Optional.ofNullable(stored.style()),
                parsed("response_format", ResponseFormat.fromWireName(stored.responseFormat()), stored.responseFormat()),
                parsed("output_format", OutputFormat.fromWireName(stored.outputFormat()), stored.outputFormat()),
                optionalInt(stored.outputCompression()),
                parsed("background", Background.fromWireName(stored.background()), stored.background()),
                parsed("moderation", Moderation.fromWireName(stored.moderation()), stored.moderation()),
                Optional.ofNullable(stored.user()), present("stream", stored.stream()), present("partial_images", stored.partialImages()),
                stored.inputFidelity() == null ? Optional.empty()
                        : Optional.of(parsed("input_fidelity", InputFidelity.fromWireName(stored.inputFidelity()), stored.inputFidelity())),
                stored.images(), Optional.ofNullable(stored.mask()), optionalLong(stored.seed()), present("metadata", stored.metadata()),
                Optional.ofNullable(stored.provider()), parsed("priority", Lane.fromWireName(stored.priority()), stored.priority()),
                Optional.ofNullable(stored.webhookUrl()));
    }

    /**
     * This request in its wire form, every default spelled out with its wire name: what the job store keeps
     * and what {@code GET /v1/jobs/{id}} shows. Validating it again gives a request equal to this one.
     */
    public ImageRequest toImageRequest() {
        return ImageRequest.builder().model(model()).prompt(prompt()).n(n()).size(size().toString()).quality(quality())
                .style(style().orElse(null)).responseFormat(responseFormat().wireName()).outputFormat(outputFormat().wireName())
                .outputCompression(outputCompression().isPresent() ? outputCompression().getAsInt() : null)
                .background(background().wireName()).moderation(moderation().wireName()).user(user().orElse(null)).stream(streams())
                .partialImages(partialImages()).inputFidelity(inputFidelity().map(InputFidelity::wireName).orElse(null))
                .images(images()).mask(mask().orElse(null)).seed(seed().isPresent() ? seed().getAsLong() : null)
                .metadata(metadata()).provider(provider().orElse(null)).priority(lane().wireName())
                .webhookUrl(webhookUrl().orElse(null)).build();
    }

    /** The catalog id of the model, for example {@code local/fast}. */
    public String model() {
        return values.model();
    }

    /** The text to render; never blank. */
    public String prompt() {
        return values.prompt();
    }

    /** How many images, from 1 to the model's limit. */
    public int n() {
        return values.n();
    }

    /** A size the model lists ({@code auto} already resolved to the model's default). */
    public ImageSize size() {
        return values.size();
    }

    /** A quality the model lists ({@code auto} already resolved to the model's default). */
    public String quality() {
        return values.quality();
    }

    /** A style the model lists, when the caller chose one. */
    public Optional<String> style() {
        return values.style();
    }

    public ResponseFormat responseFormat() {
        return values.responseFormat();
    }

    public OutputFormat outputFormat() {
        return values.outputFormat();
    }

    /** The jpeg or webp quality, 0-100, when the caller chose one. */
    public OptionalInt outputCompression() {
        return values.outputCompression();
    }

    /** The background; never {@link Background#TRANSPARENT} with an output format without alpha. */
    public Background background() {
        return values.background();
    }

    public Moderation moderation() {
        return values.moderation();
    }

    /** The caller's end-user id, as given. */
    public Optional<String> user() {
        return values.user();
    }

    /** Whether the caller asked for Server-Sent Events (then {@link #n()} is 1). */
    public boolean streams() {
        return values.stream();
    }

    /** How many partial renders to stream before the final image, 0-3; 0 when not streaming. */
    public int partialImages() {
        return values.partialImages();
    }

    /** How closely an edit keeps its inputs, when the caller chose; always empty for a generation. */
    public Optional<InputFidelity> inputFidelity() {
        return values.inputFidelity();
    }

    /** The ids of the stored input images of an edit, in order; empty for a generation. */
    public List<String> images() {
        return values.images();
    }

    /** The id of the stored mask of an edit, when it has one. */
    public Optional<String> mask() {
        return values.mask();
    }

    /** The seed, 0 to 2<sup>32</sup>-1, when the caller chose one. */
    public OptionalLong seed() {
        return values.seed();
    }

    /** Up to {@value ModelCatalog#MAX_METADATA_ENTRIES} string pairs; empty when none were given. */
    public Map<String, String> metadata() {
        return values.metadata();
    }

    /** Which providers may serve it, in order, when the caller said; each one a provider of the catalog. */
    public Optional<ProviderPreference> provider() {
        return values.provider();
    }

    /** The lane it waits in ({@code priority}: {@code interactive} by default, or {@code bulk}). */
    public Lane lane() {
        return values.lane();
    }

    /** An http(s) URL to post the job's signed completion event to, when the caller gave one. */
    public Optional<String> webhookUrl() {
        return values.webhookUrl();
    }

    /** Whether this is an edit (it has input images) rather than a generation. */
    public boolean hasInputImages() {
        return !images().isEmpty();
    }

    /** Whether the caller asked for a transparent background. */
    public boolean wantsTransparency() {
        return background() == Background.TRANSPARENT;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValidatedImageRequest that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + values.toString().substring(Values.class.getSimpleName().length());
    }

    private static <T> T present(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("Not a request stored by validation: '" + field + "' is missing");
        }
        return value;
    }

    private static <T> T parsed(String field, Optional<T> value, String text) {
        return value.orElseThrow(() -> new IllegalArgumentException(
                "Not a request stored by validation: '" + field + "' is '" + text + "'"));
    }

    private static OptionalInt optionalInt(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private static OptionalLong optionalLong(Long value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** The fields, in one record for equality and a readable {@link #toString()}. */
    private record Values(String model, String prompt, int n, ImageSize size, String quality, Optional<String> style,
            ResponseFormat responseFormat, OutputFormat outputFormat, OptionalInt outputCompression, Background background,
            Moderation moderation, Optional<String> user, boolean stream, int partialImages, Optional<InputFidelity> inputFidelity,
            List<String> images, Optional<String> mask, OptionalLong seed, Map<String, String> metadata,
            Optional<ProviderPreference> provider, Lane lane, Optional<String> webhookUrl) {

        Values {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(quality, "quality");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(responseFormat, "responseFormat");
            Objects.requireNonNull(outputFormat, "outputFormat");
            Objects.requireNonNull(outputCompression, "outputCompression");
            Objects.requireNonNull(background, "background");
            Objects.requireNonNull(moderation, "moderation");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(inputFidelity, "inputFidelity");
            Objects.requireNonNull(mask, "mask");
            Objects.requireNonNull(seed, "seed");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(webhookUrl, "webhookUrl");
        }
    }
}
