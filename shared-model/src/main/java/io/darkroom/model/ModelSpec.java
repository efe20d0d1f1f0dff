package io.darkroom.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One catalog entry: what a model accepts and what it costs.
 *
 * @param id               the public id callers send as {@code model}, for example {@code local/fast}
 * @param provider         the provider whose queue serves it
 * @param description      one line for {@code /v1/models}
 * @param sizes            accepted sizes; the first is the default ({@code size: auto})
 * @param maxImages        the largest {@code n}
 * @param maxPromptChars   the longest prompt, in characters
 * @param qualities        accepted qualities; the first is the default ({@code quality: auto})
 * @param styles           accepted styles; empty when the model takes no {@code style}
 * @param options          the optional parameters the model takes, by wire name, from {@link #OPTIONS}
 * @param maxInputImages   the most input images of an edit; 0 when the model does not edit
 * @param partialImages    whether the model streams real partial renders (others stream only the final image)
 * @param pricePerImageUsd what one image costs, in US dollars
 */
public record ModelSpec(
        String id,
        String provider,
        String description,
        List<ImageSize> sizes,
        int maxImages,
        int maxPromptChars,
        List<String> qualities,
        List<String> styles,
        Set<String> options,
        int maxInputImages,
        boolean partialImages,
        BigDecimal pricePerImageUsd) {

    /** Every optional parameter a model may or may not take. */
    public static final Set<String> OPTIONS = Set.of("background", "output_format", "output_compression",
            "moderation", "input_fidelity", "seed", "stream");

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        sizes = List.copyOf(sizes);
        qualities = List.copyOf(qualities);
        styles = List.copyOf(styles);
        options = Set.copyOf(options);
        if (sizes.isEmpty() || qualities.isEmpty()) {
            throw new IllegalArgumentException("Model " + id + " needs at least one size and one quality");
        }
        if (maxImages < 1 || maxPromptChars < 1 || maxInputImages < 0) {
            throw new IllegalArgumentException("Model " + id + " needs positive limits");
        }
        if (!OPTIONS.containsAll(options)) {
            throw new IllegalArgumentException("Model " + id + " lists unknown options " + options);
        }
    }

    public ImageSize defaultSize() {
        return sizes.getFirst();
    }

    public String defaultQuality() {
        return qualities.getFirst();
    }

    /** Whether the model takes the optional parameter {@code wireName}. */
    public boolean accepts(String wireName) {
        return options.contains(wireName);
    }

    /** Whether the model serves {@code /v1/images/edits}. */
    public boolean edits() {
        return maxInputImages > 0;
    }

    /** The cost of {@code images} images, in US dollars. */
    public BigDecimal costOf(int images) {
        return pricePerImageUsd.multiply(BigDecimal.valueOf(images));
    }
}
