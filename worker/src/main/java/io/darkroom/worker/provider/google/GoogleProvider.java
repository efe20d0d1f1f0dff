package io.darkroom.worker.provider.google;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.Usage;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.AspectRatios;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderJson;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's Gemini API. Imagen models ({@code imagen-*}) are called once with {@code :predict} for every image
 * ({@code sampleCount}); Google leaves filtered images out silently, so fewer predictions than asked is a content
 * policy violation. Gemini image models are called with {@code :generateContent} once per image (input images of
 * an edit go along as {@code inlineData} parts, the name Google's published description gives them; Gemini takes no
 * mask), and moderate with HTTP 200: a {@code blockReason}, a safety {@code finishReason} or no image part. Both take
 * an aspect ratio, the closest to the requested size. Error answers are classified by {@link GoogleFailures}.
 */
@Component
final class GoogleProvider implements ImageProvider {

    static final String NAME = "google";
    private static final List<String> ASPECT_RATIOS = List.of("1:1", "3:4", "4:3", "9:16", "16:9");
    private static final Set<String> SAFETY_FINISHES = Set.of("SAFETY", "IMAGE_SAFETY", "PROHIBITED_CONTENT",
            "IMAGE_PROHIBITED_CONTENT");

    private final ProviderHttp http;

    GoogleProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        String model = context.upstreamModel();
        return model.startsWith("imagen") ? imagen(request, model) : gemini(request, context, model);
    }

    private ProviderResult imagen(ValidatedImageRequest request, String model) {
        ObjectNode body = ProviderJson.object();
        body.putArray("instances").addObject().put("prompt", request.prompt());
        body.putObject("parameters").put("sampleCount", request.n()).put("aspectRatio", aspectRatio(request));
        JsonNode answer = post(model + ":predict", body).json();
        List<RenderedImage> images = new ArrayList<>();
        String revisedPrompt = null;
        for (JsonNode prediction : answer.path("predictions")) {
            if (prediction.path("bytesBase64Encoded").isString()) {
                images.add(decoded(prediction.get("bytesBase64Encoded").asString()));
            }
            revisedPrompt = prediction.path("prompt").isString() ? prediction.get("prompt").asString() : revisedPrompt;
        }
        if (images.size() < request.n()) {
            throw ProviderException.contentPolicy(NAME, "Google's safety filters withheld " + (request.n() - images.size())
                    + " of the " + request.n() + " images Imagen was asked for");
        }
        return new ProviderResult(images.subList(0, request.n()), revisedPrompt, null, null, null);
    }

    private ProviderResult gemini(ValidatedImageRequest request, GenerationContext context, String model) {
        ObjectNode body = geminiBody(request, context);
        List<RenderedImage> images = new ArrayList<>();
        long inputTokens = 0;
        long outputTokens = 0;
        String responseId = null;
        while (images.size() < request.n()) {
            JsonNode answer = post(model + ":generateContent", body).json();
            images.addAll(geminiImages(answer));
            inputTokens += answer.path("usageMetadata").path("promptTokenCount").asLong(0);
            outputTokens += answer.path("usageMetadata").path("candidatesTokenCount").asLong(0);
            responseId = responseId == null ? answer.path("responseId").asString(null) : responseId;
        }
        return new ProviderResult(images.subList(0, request.n()), null, null, new Usage(inputTokens, outputTokens), responseId);
    }

    private static ObjectNode geminiBody(ValidatedImageRequest request, GenerationContext context) {
        ObjectNode body = ProviderJson.object();
        ArrayNode parts = body.putArray("contents").addObject().putArray("parts");
        parts.addObject().put("text", request.prompt());
        for (byte[] image : context.inputImages()) {
            parts.addObject().putObject("inlineData").put("mimeType", mediaType(image))
                    .put("data", Base64.getEncoder().encodeToString(image));
        }
        ObjectNode config = body.putObject("generationConfig");
        config.putArray("responseModalities").add("IMAGE");
        config.putObject("imageConfig").put("aspectRatio", aspectRatio(request));
        return body;
    }

    /** Every image part of the first candidate; a refusal of any shape is a content policy violation. */
    private static List<RenderedImage> geminiImages(JsonNode answer) {
        String blockReason = answer.path("promptFeedback").path("blockReason").asString("");
        if (!blockReason.isEmpty()) {
            throw ProviderException.contentPolicy(NAME, "Gemini blocked the prompt: " + blockReason);
        }
        JsonNode candidate = answer.path("candidates").path(0);
        String finishReason = candidate.path("finishReason").asString("");
        if (SAFETY_FINISHES.contains(finishReason)) {
            throw ProviderException.contentPolicy(NAME, "Gemini stopped for safety: " + finishReason);
        }
        List<RenderedImage> images = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            inlineData(part).ifPresent(data -> images.add(decoded(data)));
            text.append(part.path("text").asString(""));
        }
        if (images.isEmpty()) {
            throw ProviderException.contentPolicy(NAME, "Gemini answered without an image (finishReason '" + finishReason + "')"
                    + (text.isEmpty() ? "" : ": " + text));
        }
        return images;
    }

    /** The base64 data of an image part, written {@code inlineData} (as documented) or {@code inline_data}. */
    private static Optional<String> inlineData(JsonNode part) {
        JsonNode inline = part.has("inlineData") ? part.get("inlineData") : part.path("inline_data");
        return inline.path("data").isString() ? Optional.of(inline.get("data").asString()) : Optional.empty();
    }

    private ProviderResponse post(String method, ObjectNode body) {
        ProviderResponse response = http.send(http.request("/models/" + method).header("Content-Type", "application/json")
                .header("x-goog-api-key", http.settings().apiKey()).POST(ProviderHttp.json(body)).build());
        if (!response.ok()) {
            throw GoogleFailures.classify(response);
        }
        return response;
    }

    private static String aspectRatio(ValidatedImageRequest request) {
        return AspectRatios.closest(request.size(), ASPECT_RATIOS, ":");
    }

    private static RenderedImage decoded(String base64) {
        try {
            return ImageProbe.rendered(NAME, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw ProviderException.retryable(NAME, "invalid_result", "Google returned image data that is not base64", null, e);
        }
    }

    private static String mediaType(byte[] image) {
        OutputFormat format = ImageProbe.formatOf(image);
        return format == null ? OutputFormat.PNG.mediaType() : format.mediaType();
    }
}
