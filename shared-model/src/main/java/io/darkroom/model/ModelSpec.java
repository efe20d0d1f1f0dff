package io.darkroom.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One catalog entry: what a model accepts, which providers serve it (in their default order) and what
 * each charges.
 *
 * @param id             the public id callers send as {@code model}, for example {@code flux/schnell}
 * @param description    one line for {@code /v1/models}
 * @param routes         the providers that serve it, in default routing order; never empty
 * @param sizes          accepted sizes; the first is the default ({@code size: auto})
 * @param maxImages      the largest {@code n}
 * @param maxPromptChars the longest prompt, in characters
 * @param qualities      accepted qualities; the first is the default ({@code quality: auto})
 * @param styles         accepted styles; empty when the model takes no {@code style}
 * @param options        the optional parameters the model takes, by wire name, from {@link #OPTIONS}
 * @param maxInputImages the most input images of an edit; 0 when the model does not edit
 * @param partialImages  whether the model streams real partial renders (others stream only the final image)
 */
public record ModelSpec(
        String id,
        String description,
        List<ProviderRoute> routes,
        List<ImageSize> sizes,
        int maxImages,
        int maxPromptChars,
        List<String> qualities,
        List<String> styles,
        Set<String> options,
        int maxInputImages,
        boolean partialImages) {

    /** Every optional parameter a model may or may not take. */
    public static final Set<String> OPTIONS = Set.of("background", "output_format", "output_compression",
            "moderation", "input_fidelity", "seed", "stream", "mask");

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        routes = List.copyOf(routes);
        sizes = List.copyOf(sizes);
        qualities = List.copyOf(qualities);
        styles = List.copyOf(styles);
        options = Set.copyOf(options);
        if (routes.isEmpty() || sizes.isEmpty() || qualities.isEmpty()) {
            throw new IllegalArgumentException("Model " + id + " needs a provider, a size and a quality");
        }
        if (maxImages < 1 || maxPromptChars < 1 || maxInputImages < 0) {
            throw new IllegalArgumentException("Model " + id + " needs positive limits");
        }
        if (!OPTIONS.containsAll(options)) {
            throw new IllegalArgumentException("Model " + id + " lists unknown options " + options);
        }
    }

    /** The provider of its default route. */
    public String provider() {
        return routes.getFirst().provider();
    }

    /** The route through {@code provider}, if that provider serves the model. */
    public Optional<ProviderRoute> route(String provider) {
        return routes.stream().filter(route -> route.provider().equals(provider)).findFirst();
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

    /** What a job of {@code images} images is expected to cost on {@code provider} before it runs (see {@link Pricing#expectedCostOf}). */
    public BigDecimal expectedCostOf(String provider, ValidatedImageRequest request, int images) {
        return route(provider).map(route -> route.pricing().expectedCostOf(request, images)).orElse(BigDecimal.ZERO);
    }

    /** What {@code images} images of {@code request} cost through {@code provider}. */
    public BigDecimal costOf(String provider, ValidatedImageRequest request, int images, Usage usage) {
        return route(provider).map(route -> route.pricing().costOf(request, images, usage)).orElse(BigDecimal.ZERO);
    }
}
