package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricingTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void dallE3IsPricedByQualityAndSize() {
        ModelSpec model = catalog.find("dall-e-3").orElseThrow();

        assertThat(cost(model, "openai", ImageRequest.builder().model("dall-e-3").prompt("x").quality("standard").build(), 1))
                .isEqualByComparingTo("0.040");
        assertThat(cost(model, "openai", ImageRequest.builder().model("dall-e-3").prompt("x").quality("hd").size("1792x1024").build(), 1))
                .isEqualByComparingTo("0.120");
    }

    @Test
    void dallE2IsPricedBySizeTimesImages() {
        ModelSpec model = catalog.find("dall-e-2").orElseThrow();

        assertThat(cost(model, "openai", ImageRequest.of("dall-e-2", "x").withSize("256x256").withN(3), 3)).isEqualByComparingTo("0.048");
    }

    @Test
    void gptImageIsPricedByTheTokensReported() {
        ModelSpec model = catalog.find("gpt-image-1").orElseThrow();
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("gpt-image-1", "x"));

        assertThat(model.costOf("openai", request, 1, new Usage(50, 4_160))).isEqualByComparingTo("0.16665");
        assertThat(model.costOf("openai", request, 1, null)).isEqualByComparingTo("0");
    }

    @Test
    void aTokenPricedImageIsExpectedToCostItsPublishedOutputTokensAndAutoErrsHigh() {
        ModelSpec model = catalog.find("gpt-image-1").orElseThrow();

        assertThat(model.expectedCostOf("openai", catalog.validate(ImageRequest.builder().model("gpt-image-1").prompt("x")
                .quality("high").build()), 1)).as("4,160 tokens at 40 USD per million").isEqualByComparingTo("0.1664");
        assertThat(model.expectedCostOf("openai", catalog.validate(ImageRequest.builder().model("gpt-image-1").prompt("x")
                .quality("low").size("1536x1024").build()), 2)).as("272 tokens scaled to 1.5 times the pixels, twice")
                .isEqualByComparingTo("0.03264");
        assertThat(model.expectedCostOf("openai", catalog.validate(ImageRequest.of("gpt-image-1", "x")), 1)).as("auto: as high")
                .isEqualByComparingTo("0.1664");
        assertThat(catalog.find("dall-e-3").orElseThrow().expectedCostOf("openai", catalog.validate(ImageRequest.of("dall-e-3", "x")), 1))
                .as("a per-image price is its own expectation").isEqualByComparingTo("0.040");
    }

    @Test
    void samePictureCostsWhatEachProviderCharges() {
        ModelSpec dev = catalog.find("flux/dev").orElseThrow();
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("flux/dev", "x").withSize("1440x1440"));

        assertThat(dev.costOf("bfl", request, 2, null)).isEqualByComparingTo("0.050");
        assertThat(dev.costOf("fal", request, 2, null)).as("3 megapixels rounded up, twice").isEqualByComparingTo("0.150");
    }

    private BigDecimal cost(ModelSpec model, String provider, ImageRequest request, int images) {
        return model.costOf(provider, catalog.validate(request), images, null);
    }
}
