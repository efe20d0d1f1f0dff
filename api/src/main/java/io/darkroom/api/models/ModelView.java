package io.darkroom.api.models;

import io.darkroom.model.ImageSize;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.Pricing;
import io.darkroom.model.ProviderRoute;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model as {@code /v1/models} lists it: OpenAI's fields ({@code id}, {@code object}, {@code created},
 * {@code owned_by}) and what Darkroom knows of it, including each provider that serves it.
 */
record ModelView(
        String id,
        String object,
        long created,
        String ownedBy,
        String provider,
        String description,
        List<String> outputModalities,
        boolean available,
        List<Route> providers,
        List<String> sizes,
        String defaultSize,
        int maxImages,
        int maxPromptChars,
        List<String> qualities,
        List<String> styles,
        List<String> parameters,
        boolean edits,
        int maxInputImages,
        boolean partialImages) {

    /** Darkroom's catalog has no creation dates; every model reports the same fixed one. */
    static final long CATALOG_EPOCH = 1_767_225_600L;

    /**
     * One provider of the model, in default routing order.
     *
     * @param provider      its name
     * @param upstreamModel the model's id there
     * @param configured    whether a key is configured for it here
     * @param circuitOpen   whether it is failing and skipped until a probe succeeds
     * @param pricing       how it bills: {@code {"per_image_usd": ...}}, {@code {"per_megapixel_usd": ...}}
     *                      or {@code {"per_million_input_tokens_usd", "per_million_output_tokens_usd"}}
     */
    record Route(String provider, String upstreamModel, boolean configured, boolean circuitOpen, Map<String, Object> pricing) {
    }

    static ModelView of(ModelSpec model, Function<ProviderRoute, Route> routes, boolean available) {
        return new ModelView(model.id(), "model", CATALOG_EPOCH, model.provider(), model.provider(), model.description(),
                List.of("image"), available, model.routes().stream().map(routes).toList(),
                model.sizes().stream().map(ImageSize::toString).toList(), model.defaultSize().toString(), model.maxImages(),
                model.maxPromptChars(), model.qualities(), model.styles(), model.options().stream().sorted().toList(),
                model.edits(), model.maxInputImages(), model.partialImages());
    }

    static Map<String, Object> pricing(Pricing pricing) {
        return switch (pricing) {
            case Pricing.PerImage perImage -> perImage.byQualityOrSize().isEmpty()
                    ? Map.of("per_image_usd", perImage.base())
                    : Map.of("per_image_usd", perImage.base(), "per_image_usd_by_quality_or_size", perImage.byQualityOrSize());
            case Pricing.PerMegapixel perMegapixel -> Map.of("per_megapixel_usd", perMegapixel.usdPerMegapixel());
            case Pricing.PerToken perToken -> Map.<String, Object>of("per_million_input_tokens_usd", perToken.usdPerMillionInput(),
                    "per_million_output_tokens_usd", perToken.usdPerMillionOutput());
        };
    }

}
