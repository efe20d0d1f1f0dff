package io.darkroom.model;

import static io.darkroom.model.Pricing.perImage;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The models Darkroom knows, with their providers' limits and prices (list prices as published in 2026;
 * a provider's invoice is the authority). Sizes of providers that take aspect ratios are the pixel
 * sizes those ratios produce.
 */
final class BuiltInModels {

    private static final Set<String> ALL = ModelSpec.OPTIONS;
    private static final Set<String> SEED_AND_FORMAT = Set.of("seed", "output_format", "stream");

    private BuiltInModels() {
    }

    static List<ModelSpec> all() {
        return List.of(
                local("local/fast", "Procedural landscapes rendered on the CPU at once; deterministic from prompt and seed"),
                local("local/slow", "The same renderer after a configurable simulated latency (darkroom.local.slow-latency)"),
                dallE2(), dallE3(), gptImage("gpt-image-1", "5.00", "40.00"), gptImage2(),
                stability("stability/stable-image-ultra", "ultra", "Stable Image Ultra", "0.08", 1),
                stability("stability/stable-image-core", "core", "Stable Image Core", "0.03", 0),
                stability("stability/sd3.5-large", "sd3.5-large", "Stable Diffusion 3.5 Large", "0.065", 1),
                stability("stability/sd3.5-large-turbo", "sd3.5-large-turbo", "Stable Diffusion 3.5 Large Turbo", "0.04", 1),
                stability("stability/sd3.5-medium", "sd3.5-medium", "Stable Diffusion 3.5 Medium", "0.035", 1),
                flux("bfl/flux-pro-1.1", "FLUX1.1 [pro] by Black Forest Labs", List.of(
                        new ProviderRoute("bfl", "flux-pro-1.1", perImage("0.04"))), BFL_SIZES, 0),
                flux("bfl/flux-pro-1.1-ultra", "FLUX1.1 [pro] ultra, about 4 megapixels", List.of(
                        new ProviderRoute("bfl", "flux-pro-1.1-ultra", perImage("0.06"))), ULTRA_SIZES, 0),
                flux("bfl/flux-kontext-pro", "FLUX.1 Kontext [pro]: generation and editing in context", List.of(
                        new ProviderRoute("bfl", "flux-kontext-pro", perImage("0.04"))), BFL_SIZES, 1),
                flux("bfl/flux-2-pro", "FLUX.2 [pro], billed per megapixel", List.of(
                        new ProviderRoute("bfl", "flux-2-pro", new Pricing.PerMegapixel(new BigDecimal("0.03")))), FLUX2_SIZES, 0),
                flux("flux/dev", "FLUX.1 [dev], served by Black Forest Labs, Replicate or fal", List.of(
                        new ProviderRoute("bfl", "flux-dev", perImage("0.025")),
                        new ProviderRoute("replicate", "black-forest-labs/flux-dev", perImage("0.025")),
                        new ProviderRoute("fal", "fal-ai/flux/dev", new Pricing.PerMegapixel(new BigDecimal("0.025")))),
                        BFL_SIZES, 0),
                flux("flux/schnell", "FLUX.1 [schnell], served by Replicate or fal", List.of(
                        new ProviderRoute("replicate", "black-forest-labs/flux-schnell", perImage("0.003")),
                        new ProviderRoute("fal", "fal-ai/flux/schnell", new Pricing.PerMegapixel(new BigDecimal("0.003")))),
                        BFL_SIZES, 0),
                ideogram(),
                imagen("google/imagen-4", "imagen-4.0-generate-001", "Imagen 4", "0.04"),
                imagen("google/imagen-4-ultra", "imagen-4.0-ultra-generate-001", "Imagen 4 Ultra", "0.06"),
                imagen("google/imagen-4-fast", "imagen-4.0-fast-generate-001", "Imagen 4 Fast", "0.02"),
                gemini());
    }

    private static final List<ImageSize> LOCAL_SIZES = sizes("1024x1024", "256x256", "512x512", "1024x1536", "1536x1024",
            "1792x1024", "1024x1792");
    /** Stability's aspect ratios at about one megapixel. */
    static final List<ImageSize> STABILITY_SIZES = sizes("1024x1024", "1344x768", "768x1344", "1216x832", "832x1216",
            "1120x896", "896x1120", "1536x640", "640x1536");
    private static final List<ImageSize> BFL_SIZES = sizes("1024x768", "1024x1024", "768x1024", "1344x768", "768x1344",
            "1216x832", "832x1216", "1440x1440", "512x512");
    private static final List<ImageSize> ULTRA_SIZES = sizes("2048x2048", "2752x1536", "1536x2752", "2368x1792", "1792x2368",
            "3136x1344", "1344x3136");
    private static final List<ImageSize> FLUX2_SIZES = sizes("1024x1024", "1536x1024", "1024x1536", "2048x2048", "1920x1088",
            "1088x1920");
    private static final List<ImageSize> IDEOGRAM_SIZES = sizes("1024x1024", "1152x896", "896x1152", "1216x832", "832x1216",
            "1344x768", "768x1344", "1536x640", "640x1536");
    /** Imagen's and Gemini's aspect ratios 1:1, 3:4, 4:3, 9:16, 16:9 at their 1K sizes. */
    static final List<ImageSize> GOOGLE_SIZES = sizes("1024x1024", "896x1280", "1280x896", "768x1408", "1408x768");

    private static ModelSpec local(String id, String description) {
        return new ModelSpec(id, description, List.of(new ProviderRoute("local", id, Pricing.free())), LOCAL_SIZES, 10, 32_000,
                List.of("medium", "low", "high"), List.of("vivid", "natural"), ALL, 16, true);
    }

    private static ModelSpec dallE2() {
        Pricing price = new Pricing.PerImage(new BigDecimal("0.020"), Map.of(
                "256x256", new BigDecimal("0.016"), "512x512", new BigDecimal("0.018")));
        return new ModelSpec("dall-e-2", "DALL·E 2 by OpenAI", List.of(new ProviderRoute("openai", "dall-e-2", price)),
                sizes("1024x1024", "256x256", "512x512"), 10, 1_000, List.of("standard"), List.of(), Set.of("mask"), 1, false);
    }

    private static ModelSpec dallE3() {
        Pricing price = new Pricing.PerImage(new BigDecimal("0.080"), Map.of(
                "standard 1024x1024", new BigDecimal("0.040"), "hd 1024x1024", new BigDecimal("0.080"),
                "hd", new BigDecimal("0.120")));
        return new ModelSpec("dall-e-3", "DALL·E 3 by OpenAI; rewrites the prompt", List.of(new ProviderRoute("openai", "dall-e-3", price)),
                sizes("1024x1024", "1792x1024", "1024x1792"), 1, 4_000, List.of("standard", "hd"), List.of("vivid", "natural"),
                Set.of(), 0, false);
    }

    /**
     * The output tokens OpenAI lists for one 1024x1024 GPT Image by quality (low 272, medium 1056, high 4160: about
     * 0.011, 0.042 and 0.167 USD at 40 USD per million); {@code auto} is estimated as high.
     */
    private static final Map<String, Integer> GPT_IMAGE_OUTPUT_TOKENS = Map.of("low", 272, "medium", 1056, "high", 4160, "auto", 4160);

    private static ModelSpec gptImage(String id, String inputPerMillion, String outputPerMillion) {
        return new ModelSpec(id, "GPT Image by OpenAI, billed per token", List.of(new ProviderRoute("openai", id,
                new Pricing.PerToken(new BigDecimal(inputPerMillion), new BigDecimal(outputPerMillion), GPT_IMAGE_OUTPUT_TOKENS))),
                sizes("1024x1024", "1536x1024", "1024x1536"), 10, 32_000, List.of("auto", "low", "medium", "high"), List.of(),
                Set.of("background", "output_format", "output_compression", "moderation", "input_fidelity", "stream", "mask"), 16, false);
    }

    private static ModelSpec gptImage2() {
        return new ModelSpec("gpt-image-2", "GPT Image 2 by OpenAI, billed per token; larger sizes",
                List.of(new ProviderRoute("openai", "gpt-image-2", new Pricing.PerToken(new BigDecimal("5.00"), new BigDecimal("40.00"), GPT_IMAGE_OUTPUT_TOKENS))),
                sizes("1024x1024", "1536x1024", "1024x1536", "2048x2048", "2048x1152", "1152x2048", "3840x2160", "2160x3840"),
                10, 32_000, List.of("auto", "low", "medium", "high"), List.of(),
                Set.of("background", "output_format", "output_compression", "moderation", "input_fidelity", "stream", "mask"), 16, false);
    }

    private static ModelSpec stability(String id, String upstream, String name, String price, int maxInputs) {
        return new ModelSpec(id, name + " by Stability AI", List.of(new ProviderRoute("stability", upstream, perImage(price))),
                STABILITY_SIZES, 4, 10_000, List.of("standard"), List.of(),
                maxInputs > 0 ? Set.of("seed", "output_format", "stream", "input_fidelity") : SEED_AND_FORMAT, maxInputs, false);
    }

    private static ModelSpec flux(String id, String description, List<ProviderRoute> routes, List<ImageSize> sizes, int maxInputs) {
        return new ModelSpec(id, description, routes, sizes, 4, 10_000, List.of("standard"), List.of(), SEED_AND_FORMAT,
                maxInputs, false);
    }

    private static ModelSpec ideogram() {
        Pricing price = new Pricing.PerImage(new BigDecimal("0.06"), Map.of(
                "low", new BigDecimal("0.03"), "high", new BigDecimal("0.09")));
        return new ModelSpec("ideogram/v3", "Ideogram 3.0; quality picks the rendering speed (low TURBO, medium DEFAULT, high QUALITY)",
                List.of(new ProviderRoute("ideogram", "ideogram-v3", price)), IDEOGRAM_SIZES, 8, 10_000,
                List.of("medium", "low", "high"), List.of(), Set.of("seed", "stream"), 0, false);
    }

    private static ModelSpec imagen(String id, String upstream, String name, String price) {
        return new ModelSpec(id, name + " by Google", List.of(new ProviderRoute("google", upstream, perImage(price))),
                GOOGLE_SIZES, 4, 10_000, List.of("standard"), List.of(), Set.of("stream"), 0, false);
    }

    private static ModelSpec gemini() {
        return new ModelSpec("google/gemini-2.5-flash-image", "Gemini 2.5 Flash Image by Google, billed per token; edits",
                List.of(new ProviderRoute("google", "gemini-2.5-flash-image",
                        new Pricing.PerToken(new BigDecimal("0.30"), new BigDecimal("30.00"), Map.of("standard", 1290)))),
                GOOGLE_SIZES, 4, 10_000, List.of("standard"), List.of(), Set.of("stream"), 3, false);
    }

    private static List<ImageSize> sizes(String... sizes) {
        return java.util.Arrays.stream(sizes).map(size -> ImageSize.parse(size).orElseThrow()).toList();
    }
}
