package io.darkroom.api.models;

import io.darkroom.model.ImageSize;
import io.darkroom.model.ModelSpec;
import java.math.BigDecimal;
import java.util.List;

/**
 * A model as {@code /v1/models} lists it: OpenAI's fields ({@code id}, {@code object}, {@code created},
 * {@code owned_by}) and what Darkroom knows of it.
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
        List<String> sizes,
        String defaultSize,
        int maxImages,
        int maxPromptChars,
        List<String> qualities,
        List<String> styles,
        List<String> parameters,
        boolean edits,
        int maxInputImages,
        boolean partialImages,
        Pricing pricing) {

    /** Darkroom's catalog has no creation dates; every model reports the same fixed one. */
    static final long CATALOG_EPOCH = 1_767_225_600L;

    /** @param perImageUsd what one image costs, in US dollars */
    record Pricing(BigDecimal perImageUsd) {
    }

    static ModelView of(ModelSpec model, boolean available) {
        return new ModelView(model.id(), "model", CATALOG_EPOCH, model.provider(), model.provider(), model.description(),
                List.of("image"), available, model.sizes().stream().map(ImageSize::toString).toList(),
                model.defaultSize().toString(), model.maxImages(), model.maxPromptChars(), model.qualities(), model.styles(),
                model.options().stream().sorted().toList(), model.edits(), model.maxInputImages(), model.partialImages(),
                new Pricing(model.pricePerImageUsd()));
    }
}
