package io.darkroom.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One catalog entry: what a model accepts and what it costs.
 *
 * @param id                 the public id callers send as {@code model}, for example {@code local/fast}
 * @param provider           the provider whose queue serves it
 * @param description        one line for {@code /v1/models}
 * @param sizes              accepted sizes; the first is the default ({@code size: auto})
 * @param maxImages          the largest {@code n}
 * @param maxPromptChars     the longest prompt, in characters
 * @param qualities          accepted qualities; the first is the default ({@code quality: auto})
 * @param pricePerImageUsd   what one image costs, in US dollars
 */
public record ModelSpec(
        String id,
        String provider,
        String description,
        List<ImageSize> sizes,
        int maxImages,
        int maxPromptChars,
        List<String> qualities,
        BigDecimal pricePerImageUsd) {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        sizes = List.copyOf(sizes);
        qualities = List.copyOf(qualities);
        if (sizes.isEmpty() || qualities.isEmpty()) {
            throw new IllegalArgumentException("Model " + id + " needs at least one size and one quality");
        }
        if (maxImages < 1 || maxPromptChars < 1) {
            throw new IllegalArgumentException("Model " + id + " needs positive limits");
        }
    }

    public ImageSize defaultSize() {
        return sizes.getFirst();
    }

    public String defaultQuality() {
        return qualities.getFirst();
    }

    /** The cost of {@code images} images, in US dollars. */
    public BigDecimal costOf(int images) {
        return pricePerImageUsd.multiply(BigDecimal.valueOf(images));
    }
}
