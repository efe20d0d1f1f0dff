package io.darkroom.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/** How a provider bills a model, so a job's {@code cost_usd} is what the provider will charge. */
public sealed interface Pricing {

    BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * @param request the validated request (its size and quality)
     * @param images  how many images were made
     * @param usage   the tokens the provider reported, or null
     */
    BigDecimal costOf(ValidatedImageRequest request, int images, Usage usage);

    /**
     * What a job is expected to cost before it runs (what a budget reserves): the price itself where it does not
     * depend on what the provider reports, else an estimate that errs high.
     */
    default BigDecimal expectedCostOf(ValidatedImageRequest request, int images) {
        return costOf(request, images, null);
    }

    /** Free: the local provider. */
    static Pricing free() {
        return new PerImage(BigDecimal.ZERO, Map.of());
    }

    /** A flat price per image. */
    static Pricing perImage(String usd) {
        return new PerImage(new BigDecimal(usd), Map.of());
    }

    /**
     * A price per image that may depend on quality and size: looked up as {@code "quality size"}, then
     * {@code quality}, then {@code size}, then the base price.
     */
    record PerImage(BigDecimal base, Map<String, BigDecimal> byQualityOrSize) implements Pricing {

        public PerImage {
            byQualityOrSize = Map.copyOf(byQualityOrSize);
        }

        @Override
        public BigDecimal costOf(ValidatedImageRequest request, int images, Usage usage) {
            String size = request.size().toString();
            BigDecimal each = byQualityOrSize.getOrDefault(request.quality() + " " + size,
                    byQualityOrSize.getOrDefault(request.quality(), byQualityOrSize.getOrDefault(size, base)));
            return each.multiply(BigDecimal.valueOf(images));
        }
    }

    /** A price per megapixel of output, rounded up to whole megapixels per image (as fal and BFL FLUX.2 bill). */
    record PerMegapixel(BigDecimal usdPerMegapixel) implements Pricing {

        @Override
        public BigDecimal costOf(ValidatedImageRequest request, int images, Usage usage) {
            long megapixels = Math.max(1, (request.size().pixels() + 999_999) / 1_000_000);
            return usdPerMegapixel.multiply(BigDecimal.valueOf(megapixels * images));
        }
    }

    /**
     * Prices per million input and output tokens; zero when the provider reported no usage. Expected: the output
     * tokens the provider publishes for one image of the request's quality at 1024x1024 ({@code outputTokensAt1024}
     * by quality; a quality it does not name takes its largest), scaled by the image's pixels, times the images; the
     * input (a prompt's few hundred tokens) is left out.
     */
    record PerToken(BigDecimal usdPerMillionInput, BigDecimal usdPerMillionOutput, Map<String, Integer> outputTokensAt1024)
            implements Pricing {

        public PerToken {
            outputTokensAt1024 = Map.copyOf(outputTokensAt1024);
        }

        @Override
        public BigDecimal expectedCostOf(ValidatedImageRequest request, int images) {
            int at1024 = outputTokensAt1024.getOrDefault(request.quality(),
                    outputTokensAt1024.values().stream().max(Integer::compare).orElse(0));
            BigDecimal tokens = BigDecimal.valueOf(at1024).multiply(BigDecimal.valueOf(request.size().pixels()))
                    .divide(BigDecimal.valueOf(1024 * 1024), MathContext.DECIMAL64);
            return usdPerMillionOutput.multiply(tokens).multiply(BigDecimal.valueOf(images)).divide(MILLION, MathContext.DECIMAL64);
        }

        @Override
        public BigDecimal costOf(ValidatedImageRequest request, int images, Usage usage) {
            if (usage == null) {
                return BigDecimal.ZERO;
            }
            return usdPerMillionInput.multiply(BigDecimal.valueOf(usage.inputTokens()))
                    .add(usdPerMillionOutput.multiply(BigDecimal.valueOf(usage.outputTokens())))
                    .divide(MILLION, MathContext.DECIMAL64);
        }
    }
}
