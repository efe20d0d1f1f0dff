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

    /** Prices per million input and output tokens; zero when the provider reported no usage. */
    record PerToken(BigDecimal usdPerMillionInput, BigDecimal usdPerMillionOutput) implements Pricing {

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
