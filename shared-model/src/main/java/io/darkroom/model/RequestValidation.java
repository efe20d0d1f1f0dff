package io.darkroom.model;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** One request checked against one model: each rule names the parameter it guards. */
final class RequestValidation {

    private static final int MAX_WEBHOOK_URL_CHARS = 2048;
    private static final Map<String, String> NEUTRAL = Map.of("background", "auto", "moderation", "auto", "output_format", "png",
            "stream", "false");
    /** OpenAI's limit on streamed partial renders. */
    static final int MAX_PARTIAL_IMAGES = 3;

    private final ModelSpec model;
    private final ImageRequest request;

    private final Set<String> knownProviders;

    RequestValidation(ModelSpec model, ImageRequest request, Set<String> knownProviders) {
        this.model = model;
        this.request = request;
        this.knownProviders = knownProviders;
    }

    ValidatedImageRequest validated() {
        checkOptionsTheModelTakes();
        String prompt = checkPrompt();
        int n = checkN();
        ImageSize size = checkSize();
        String quality = checkQuality();
        ResponseFormat responseFormat = oneOf("response_format", request.responseFormat(), ResponseFormat.values())
                .orElse(ResponseFormat.URL);
        OutputFormat format = checkOutputFormat();
        OptionalInt compression = checkCompression();
        Background background = checkBackground(format);
        Moderation moderation = oneOf("moderation", request.moderation(), Moderation.values()).orElse(Moderation.AUTO);
        Optional<String> style = checkStyle();
        int partialImages = checkStreaming(n);
        Optional<InputFidelity> inputFidelity = checkEdit();
        checkUser();
        checkSeed();
        checkMetadata();
        checkProvider();
        checkWebhookUrl();
        Lane lane = oneOf("priority", request.priority(), Lane.values()).orElse(Lane.INTERACTIVE);
        return new ValidatedImageRequest(model.id(), prompt, n, size, quality, style, responseFormat, format, compression,
                background, moderation, Optional.ofNullable(request.user()), request.streams(), partialImages, inputFidelity,
                request.images(), Optional.ofNullable(request.mask()),
                request.seed() == null ? OptionalLong.empty() : OptionalLong.of(request.seed()),
                request.metadata() == null ? Map.of() : request.metadata(), Optional.ofNullable(request.provider()), lane,
                Optional.ofNullable(request.webhookUrl()));
    }

    private void checkOptionsTheModelTakes() {
        refuseUnlessAccepted("background", request.background());
        refuseUnlessAccepted("output_format", request.outputFormat());
        refuseUnlessAccepted("output_compression", request.outputCompression());
        refuseUnlessAccepted("moderation", request.moderation());
        refuseUnlessAccepted("input_fidelity", request.inputFidelity());
        refuseUnlessAccepted("seed", request.seed());
        refuseUnlessAccepted("stream", request.stream());
        refuseUnlessAccepted("mask", request.mask());
    }

    /**
     * A parameter the model does not take is refused, unless it holds the neutral value every model
     * honours anyway (so a validated request validates again, and SDKs that send defaults are served).
     */
    private void refuseUnlessAccepted(String param, Object value) {
        if (value != null && !model.accepts(param) && !NEUTRAL.getOrDefault(param, "").equals(String.valueOf(value))) {
            throw new InvalidRequestException(param, "unsupported_parameter",
                    "Unsupported parameter: '" + param + "' is not supported with the model " + model.id() + ".");
        }
    }

    private int checkStreaming(int n) {
        Integer partials = request.partialImages();
        if (partials != null && (partials < 0 || partials > MAX_PARTIAL_IMAGES)) {
            throw new InvalidRequestException("partial_images", "invalid_value", "Invalid 'partial_images': expected a value from 0 to "
                    + MAX_PARTIAL_IMAGES + ", but got " + partials + ".");
        }
        if (request.streams() && n > 1) {
            throw new InvalidRequestException("n", "invalid_value", "Streaming generates one image: use n = 1 with stream = true.");
        }
        return request.streams() && partials != null ? partials : 0;
    }

    private Optional<InputFidelity> checkEdit() {
        if (!request.hasInputImages()) {
            if (request.mask() != null || request.inputFidelity() != null) {
                throw new InvalidRequestException(request.mask() != null ? "mask" : "input_fidelity", "unsupported_parameter",
                        "'" + (request.mask() != null ? "mask" : "input_fidelity") + "' belongs to /v1/images/edits.");
            }
            return Optional.empty();
        }
        if (!model.edits()) {
            throw new InvalidRequestException("model", "unsupported_model", "The model " + model.id() + " does not edit images.");
        }
        if (request.images().size() > model.maxInputImages()) {
            throw new InvalidRequestException("image", "too_many_images", "The model " + model.id() + " takes at most "
                    + model.maxInputImages() + " input images, but got " + request.images().size() + ".");
        }
        return oneOf("input_fidelity", request.inputFidelity(), InputFidelity.values());
    }

    private String checkPrompt() {
        String prompt = request.prompt();
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidRequestException("prompt", "missing_required_parameter",
                    "Missing required parameter: 'prompt'.");
        }
        int length = prompt.codePointCount(0, prompt.length());
        if (length > model.maxPromptChars()) {
            throw new InvalidRequestException("prompt", "string_above_max_length",
                    "Invalid 'prompt': string too long. Expected a string with maximum length "
                            + model.maxPromptChars() + ", but got a string with length " + length + " instead.");
        }
        return prompt;
    }

    private int checkN() {
        if (request.n() == null) {
            return 1;
        }
        int n = request.n();
        if (n < 1) {
            throw new InvalidRequestException("n", "integer_below_min_value",
                    "Invalid 'n': integer below minimum value. Expected a value >= 1, but got " + n + " instead.");
        }
        if (n > model.maxImages()) {
            throw new InvalidRequestException("n", "integer_above_max_value",
                    "Invalid 'n': integer above maximum value. Expected a value <= " + model.maxImages()
                            + " for " + model.id() + ", but got " + n + " instead.");
        }
        return n;
    }

    private ImageSize checkSize() {
        String size = request.size();
        if (size == null || size.equals("auto")) {
            return model.defaultSize();
        }
        return ImageSize.parse(size).filter(model.sizes()::contains).orElseThrow(() -> new InvalidRequestException(
                "size", "invalid_value", "Invalid value: '" + size + "'. Supported values for " + model.id()
                        + " are: 'auto', " + quoted(model.sizes().stream().map(ImageSize::toString).toList()) + "."));
    }

    private String checkQuality() {
        String quality = request.quality();
        if (quality == null || quality.equals("auto")) {
            return model.defaultQuality();
        }
        if (!model.qualities().contains(quality)) {
            throw new InvalidRequestException("quality", "invalid_value", "Invalid value: '" + quality
                    + "'. Supported values for " + model.id() + " are: 'auto', " + quoted(model.qualities()) + ".");
        }
        return quality;
    }

    private OutputFormat checkOutputFormat() {
        if (request.outputFormat() == null) {
            return OutputFormat.PNG;
        }
        return OutputFormat.fromWireName(request.outputFormat()).orElseThrow(() -> new InvalidRequestException(
                "output_format", "invalid_value", "Invalid value: '" + request.outputFormat()
                        + "'. Supported values are: 'png', 'jpeg' and 'webp'."));
    }

    private OptionalInt checkCompression() {
        Integer compression = request.outputCompression();
        if (compression == null) {
            return OptionalInt.empty();
        }
        if (compression < 0 || compression > 100) {
            throw new InvalidRequestException("output_compression", "invalid_value",
                    "Invalid 'output_compression': expected a value from 0 to 100, but got " + compression + ".");
        }
        return OptionalInt.of(compression);
    }

    private Background checkBackground(OutputFormat format) {
        Background background = oneOf("background", request.background(), Background.values())
                .orElse(Background.AUTO);
        if (background == Background.TRANSPARENT && !format.supportsTransparency()) {
            throw new InvalidRequestException("background", "invalid_value",
                    "A transparent background needs output_format 'png' or 'webp'; '" + format.wireName()
                            + "' has no alpha channel.");
        }
        return background;
    }

    private Optional<String> checkStyle() {
        String style = request.style();
        if (style == null) {
            return Optional.empty();
        }
        if (model.styles().isEmpty()) {
            throw new InvalidRequestException("style", "unsupported_parameter",
                    "Unsupported parameter: 'style' is not supported with the model " + model.id() + ".");
        }
        if (!model.styles().contains(style)) {
            throw new InvalidRequestException("style", "invalid_value", "Invalid value: '" + style
                    + "'. Supported values for " + model.id() + " are: " + quoted(model.styles()) + ".");
        }
        return Optional.of(style);
    }

    private void checkUser() {
        if (request.user() != null && request.user().length() > ModelCatalog.MAX_USER_CHARS) {
            throw new InvalidRequestException("user", "string_above_max_length",
                    "Invalid 'user': expected at most " + ModelCatalog.MAX_USER_CHARS + " characters.");
        }
    }

    private void checkSeed() {
        if (request.seed() != null && (request.seed() < 0 || request.seed() > 0xFFFF_FFFFL)) {
            throw new InvalidRequestException("seed", "invalid_value",
                    "Invalid 'seed': expected a value from 0 to 4294967295, but got " + request.seed() + ".");
        }
    }

    private void checkMetadata() {
        Map<String, String> metadata = request.metadata();
        if (metadata == null) {
            return;
        }
        if (metadata.size() > ModelCatalog.MAX_METADATA_ENTRIES) {
            throw new InvalidRequestException("metadata", "too_many_entries",
                    "Invalid 'metadata': at most " + ModelCatalog.MAX_METADATA_ENTRIES + " entries are allowed.");
        }
        metadata.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > ModelCatalog.MAX_METADATA_KEY_CHARS
                    || value == null || value.length() > ModelCatalog.MAX_METADATA_VALUE_CHARS) {
                throw new InvalidRequestException("metadata", "invalid_value", "Invalid 'metadata': keys must be 1-"
                        + ModelCatalog.MAX_METADATA_KEY_CHARS + " characters and values strings of at most "
                        + ModelCatalog.MAX_METADATA_VALUE_CHARS + " characters.");
            }
        });
    }

    private void checkProvider() {
        ProviderPreference preference = request.provider();
        if (preference == null) {
            return;
        }
        for (String name : preference.order()) {
            if (name == null || !knownProviders.contains(name)) {
                throw new InvalidRequestException("provider.order", "invalid_value", "Unknown provider '" + name
                        + "'. Known providers: " + quoted(knownProviders.stream().sorted().toList()) + ".");
            }
        }
        if (!preference.order().isEmpty() && Routing.order(model, preference).isEmpty()) {
            throw new InvalidRequestException("provider.order", "no_provider", "None of the providers "
                    + quoted(preference.order()) + " serves " + model.id() + ", and allow_fallbacks is false.");
        }
    }

    private void checkWebhookUrl() {
        String url = request.webhookUrl();
        if (url == null) {
            return;
        }
        boolean valid;
        try {
            java.net.URI uri = new java.net.URI(url);
            valid = uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            valid = false;
        }
        if (!valid || url.length() > MAX_WEBHOOK_URL_CHARS) {
            throw new InvalidRequestException("webhook_url", "invalid_value",
                    "Invalid 'webhook_url': expected an http(s) URL of at most " + MAX_WEBHOOK_URL_CHARS + " characters.");
        }
    }

    /** The constant of a closed set that {@code value} names on the wire; empty when the caller gave none. */
    private static <E extends Enum<E>> Optional<E> oneOf(String param, String value, E[] allowed) {
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(WireNames.parse(allowed, value).orElseThrow(() -> new InvalidRequestException(param, "invalid_value",
                "Invalid value: '" + value + "'. Supported values are: "
                        + quoted(Arrays.stream(allowed).map(WireNames::of).sorted().toList()) + ".")));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(value -> "'" + value + "'").toList());
    }
}
