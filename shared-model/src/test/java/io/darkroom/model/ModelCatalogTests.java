package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void fillsEveryDefaultForAMinimalRequest() {
        ImageRequest validated = catalog.validate(ImageRequest.of(null, "a lighthouse at dusk"));

        assertThat(validated.model()).isEqualTo(ModelCatalog.DEFAULT_MODEL);
        assertThat(validated.n()).isEqualTo(1);
        assertThat(validated.size()).isEqualTo("1024x1024");
        assertThat(validated.quality()).isEqualTo("medium");
        assertThat(validated.responseFormat()).isEqualTo("url");
        assertThat(validated.outputFormat()).isEqualTo("png");
        assertThat(validated.background()).isEqualTo("auto");
    }

    @Test
    void autoSizeAndQualityMeanTheModelsDefaults() {
        ImageRequest validated = catalog.validate(ImageRequest.of("local/fast", "x").withSize("auto").withQuality("auto"));

        assertThat(validated.imageSize()).isEqualTo(new ImageSize(1024, 1024));
        assertThat(validated.quality()).isEqualTo("medium");
    }

    @Test
    void unknownModelIsRefusedNamingModel() {
        assertRefused(ImageRequest.of("nope/none", "x"), "model", "model_not_found");
    }

    @Test
    void sizeTheModelDoesNotListIsRefusedNamingSize() {
        assertRefused(ImageRequest.of("local/fast", "x").withSize("1000x1000"), "size", "invalid_value");
        assertRefused(ImageRequest.of("local/fast", "x").withSize("big"), "size", "invalid_value");
    }

    @Test
    void nOutsideOneToTheModelsLimitIsRefusedNamingN() {
        assertRefused(ImageRequest.of("local/fast", "x").withN(0), "n", "integer_below_min_value");
        assertRefused(ImageRequest.of("local/fast", "x").withN(11), "n", "integer_above_max_value");
        assertThat(catalog.validate(ImageRequest.of("local/fast", "x").withN(10)).n()).isEqualTo(10);
    }

    @Test
    void promptLongerThanTheModelsLimitIsRefusedNamingPrompt() {
        int limit = catalog.find("local/fast").orElseThrow().maxPromptChars();
        assertThat(catalog.validate(ImageRequest.of("local/fast", "a".repeat(limit))).prompt()).hasSize(limit);
        assertRefused(ImageRequest.of("local/fast", "a".repeat(limit + 1)), "prompt", "string_above_max_length");
    }

    @Test
    void missingOrBlankPromptIsRefusedNamingPrompt() {
        assertRefused(ImageRequest.of("local/fast", null), "prompt", "missing_required_parameter");
        assertRefused(ImageRequest.of("local/fast", "  \n"), "prompt", "missing_required_parameter");
    }

    @Test
    void transparentBackgroundNeedsAFormatWithAlpha() {
        ImageRequest jpeg = ImageRequest.of("local/fast", "x").withOutputFormat("jpeg").withBackground("transparent");
        assertRefused(jpeg, "background", "invalid_value");
        assertThat(catalog.validate(jpeg.withOutputFormat("webp")).wantsTransparency()).isTrue();
    }

    @Test
    void unknownResponseAndOutputFormatsAreRefusedNamingThem() {
        assertRefused(ImageRequest.of("local/fast", "x").withResponseFormat("gif"), "response_format", "invalid_value");
        assertRefused(ImageRequest.of("local/fast", "x").withOutputFormat("gif"), "output_format", "invalid_value");
    }

    @Test
    void seedOutsideThirtyTwoBitsIsRefused() {
        assertRefused(ImageRequest.of("local/fast", "x").withSeed(-1L), "seed", "invalid_value");
        assertRefused(ImageRequest.of("local/fast", "x").withSeed(1L << 32), "seed", "invalid_value");
    }

    @Test
    void tooManyMetadataEntriesAreRefused() {
        Map<String, String> metadata = new java.util.HashMap<>();
        for (int i = 0; i <= ModelCatalog.MAX_METADATA_ENTRIES; i++) {
            metadata.put("k" + i, "v");
        }
        ImageRequest request = new ImageRequest("local/fast", "x", null, null, null, null, null, null, null, null,
                null, null, null, metadata);
        assertRefused(request, "metadata", "too_many_entries");
    }

    @Test
    void catalogListsEveryLocalModelOnTheLocalProvider() {
        assertThat(catalog.all()).extracting(ModelSpec::id).containsExactly("local/fast", "local/slow");
        assertThat(catalog.all()).allSatisfy(model -> assertThat(model.provider()).isEqualTo("local"));
    }

    private void assertRefused(ImageRequest request, String param, String code) {
        assertThatThrownBy(() -> catalog.validate(request))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.param()).isEqualTo(param);
                    assertThat(refused.code()).isEqualTo(code);
                    assertThat(refused.getMessage()).isNotBlank();
                });
    }
}
