package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void fillsEveryDefaultForAMinimalRequest() {
        ValidatedImageRequest validated = catalog.validate(ImageRequest.of(null, "a lighthouse at dusk"));

        assertThat(validated.model()).isEqualTo(ModelCatalog.DEFAULT_MODEL);
        assertThat(validated.n()).isEqualTo(1);
        assertThat(validated.size()).isEqualTo(new ImageSize(1024, 1024));
        assertThat(validated.quality()).isEqualTo("medium");
        assertThat(validated.responseFormat()).isEqualTo(ResponseFormat.URL);
        assertThat(validated.outputFormat()).isEqualTo(OutputFormat.PNG);
        assertThat(validated.background()).isEqualTo(Background.AUTO);
    }

    @Test
    void autoSizeAndQualityMeanTheModelsDefaults() {
        ValidatedImageRequest validated = catalog.validate(ImageRequest.of("local/fast", "x").withSize("auto").withQuality("auto"));

        assertThat(validated.size()).isEqualTo(new ImageSize(1024, 1024));
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
        ImageRequest request = ImageRequest.builder().model("local/fast").prompt("x").metadata(metadata).build();
        assertRefused(request, "metadata", "too_many_entries");
    }

    @Test
    void styleOutsideTheModelsStylesIsRefused() {
        assertRefused(ImageRequest.builder().model("local/fast").prompt("x").style("baroque").build(), "style", "invalid_value");
        assertThat(catalog.validate(ImageRequest.builder().model("local/fast").prompt("x").style("natural").build()).style())
                .contains("natural");
    }

    @Test
    void optionalParameterTheModelDoesNotTakeIsRefusedNamingIt() {
        ModelCatalog plain = new ModelCatalog(java.util.List.of(new ModelSpec("plain/one", "no options",
                java.util.List.of(new ProviderRoute("plain", "one", Pricing.perImage("1"))),
                java.util.List.of(new ImageSize(512, 512)), 1, 100, java.util.List.of("standard"), java.util.List.of(),
                java.util.Set.of(), 0, false)));

        assertRefusedBy(plain, ImageRequest.of("plain/one", "x").withBackground("opaque"), "background", "unsupported_parameter");
        assertRefusedBy(plain, ImageRequest.builder().model("plain/one").prompt("x").stream(true).build(), "stream", "unsupported_parameter");
        assertRefusedBy(plain, ImageRequest.builder().model("plain/one").prompt("x").style("vivid").build(), "style", "unsupported_parameter");
        assertRefusedBy(plain, ImageRequest.builder().model("plain/one").prompt("x").images(java.util.List.of("in_1.png")).build(),
                "model", "unsupported_model");
    }

    @Test
    void streamingTakesOneImageAndUpToThreePartials() {
        ImageRequest streamed = ImageRequest.builder().model("local/fast").prompt("x").stream(true).partialImages(2).build();

        assertThat(catalog.validate(streamed).partialImages()).isEqualTo(2);
        assertRefused(streamed.toBuilder().partialImages(4).build(), "partial_images", "invalid_value");
        assertRefused(streamed.toBuilder().n(2).build(), "n", "invalid_value");
        assertThat(catalog.validate(streamed.toBuilder().stream(null).build()).partialImages()).isZero();
    }

    @Test
    void editTakesUpToTheModelsInputImagesAndMaskOnlyWithImages() {
        java.util.List<String> sixteen = java.util.Collections.nCopies(16, "in_a.png");
        ImageRequest edit = ImageRequest.builder().model("local/fast").prompt("x").images(sixteen).inputFidelity("high").build();

        assertThat(catalog.validate(edit).hasInputImages()).isTrue();
        assertRefused(edit.toBuilder().images(java.util.Collections.nCopies(17, "in_a.png")).build(), "image", "too_many_images");
        assertRefused(ImageRequest.builder().model("local/fast").prompt("x").mask("in_m.png").build(), "mask", "unsupported_parameter");
        assertRefused(edit.toBuilder().inputFidelity("extreme").build(), "input_fidelity", "invalid_value");
    }

    @Test
    void providerOrderMayNameOnlyKnownProvidersAndMustServeTheModelWithoutFallbacks() {
        ImageRequest.Builder request = ImageRequest.builder().model("local/fast").prompt("x");

        assertRefused(request.provider(new ProviderPreference(java.util.List.of("acme"), null)).build(), "provider.order", "invalid_value");
        assertThat(catalog.validate(request.provider(new ProviderPreference(java.util.List.of("local"), false)).build())
                .provider().orElseThrow().order()).containsExactly("local");
    }

    @Test
    void priorityChoosesTheLane() {
        assertThat(catalog.validate(ImageRequest.builder().model("local/fast").prompt("x").build()).lane()).isEqualTo(Lane.INTERACTIVE);
        assertThat(catalog.validate(ImageRequest.builder().model("local/fast").prompt("x").priority("bulk").build()).lane())
                .isEqualTo(Lane.BULK);
        assertRefused(ImageRequest.builder().model("local/fast").prompt("x").priority("now").build(), "priority", "invalid_value");
    }

    @Test
    void catalogHasTheLocalModelsAndEverySupportedProvider() {
        assertThat(catalog.find("local/fast").orElseThrow().provider()).isEqualTo("local");
        assertThat(catalog.providers()).containsExactlyInAnyOrder("local", "openai", "stability", "bfl", "replicate", "fal",
                "ideogram", "google");
        assertThat(catalog.find("flux/schnell").orElseThrow().routes()).extracting(ProviderRoute::provider)
                .containsExactly("replicate", "fal");
    }

    @Test
    void validatedRequestValidatesAgainUnchangedForEveryModel() {
        for (ModelSpec model : catalog.all()) {
            ValidatedImageRequest once = catalog.validate(ImageRequest.of(model.id(), "a castle"));

            assertThat(catalog.validate(once.toImageRequest())).as(model.id()).isEqualTo(once);
        }
    }

    @Test
    void maskIsRefusedForModelsThatCannotUseOne() {
        ImageRequest edit = ImageRequest.builder().prompt("x").images(java.util.List.of("in_a.png")).mask("in_m.png").build();

        assertRefused(edit.withModel("stability/stable-image-ultra"), "mask", "unsupported_parameter");
        assertThat(catalog.validate(edit.withModel("gpt-image-1")).mask()).contains("in_m.png");
    }

    @Test
    void openAiModelsKeepOpenAisLimits() {
        assertRefused(ImageRequest.of("dall-e-3", "x").withN(2), "n", "integer_above_max_value");
        assertRefused(ImageRequest.of("dall-e-2", "a".repeat(1_001)), "prompt", "string_above_max_length");
        assertRefused(ImageRequest.of("dall-e-3", "x").withSize("256x256"), "size", "invalid_value");
        assertRefused(ImageRequest.of("dall-e-3", "x").withOutputFormat("webp"), "output_format", "unsupported_parameter");
        assertThat(catalog.validate(ImageRequest.builder().model("dall-e-3").prompt("x").style("natural").quality("hd").build())
                .quality()).isEqualTo("hd");
        assertThat(catalog.validate(ImageRequest.of("gpt-image-1", "x").withBackground("transparent")).background())
                .isEqualTo(Background.TRANSPARENT);
    }

    private void assertRefused(ImageRequest request, String param, String code) {
        assertRefusedBy(catalog, request, param, code);
    }

    private static void assertRefusedBy(ModelCatalog catalog, ImageRequest request, String param, String code) {
        assertThatThrownBy(() -> catalog.validate(request))
                .isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                    assertThat(refused.param()).isEqualTo(param);
                    assertThat(refused.code()).isEqualTo(code);
                    assertThat(refused.getMessage()).isNotBlank();
                });
    }
}
