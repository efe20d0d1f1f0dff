package io.darkroom.worker.provider.openai;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.model.Usage;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.MultipartBody;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderJson;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Images API. DALL·E answers are asked for as {@code b64_json} (no URL to download); gpt-image
 * models always answer base64 and report token usage. Moderation refusals ({@code moderation_blocked},
 * {@code content_policy_violation}) become {@code content_policy_violation}; {@code insufficient_quota}
 * (a 429) means out of credits, not a rate limit.
 */
@Component
final class OpenAiProvider implements ImageProvider {

    static final String NAME = "openai";
    private static final Set<String> MODERATION_CODES = Set.of("moderation_blocked", "content_policy_violation");

    private final ProviderHttp http;

    OpenAiProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        String model = context.upstreamModel();
        HttpRequest.Builder call = request.hasInputImages() ? edit(request, context, model) : generation(request, model);
        ProviderResponse response = http.send(call.header("Authorization", "Bearer " + http.settings().apiKey()).build());
        if (!response.ok()) {
            throw failure(response);
        }
        return result(response);
    }

    private HttpRequest.Builder generation(ValidatedImageRequest request, String model) {
        ObjectNode body = ProviderJson.object().put("model", model).put("prompt", request.prompt()).put("n", request.n())
                .put("size", request.size().toString());
        if (isGptImage(model)) {
            body.put("quality", request.quality()).put("output_format", request.outputFormat().wireName())
                    .put("background", request.background().wireName()).put("moderation", request.moderation().wireName());
            request.outputCompression().ifPresent(compression -> body.put("output_compression", compression));
        } else {
            body.put("response_format", "b64_json");
            if (model.equals("dall-e-3")) {
                body.put("quality", request.quality());
                request.style().ifPresent(style -> body.put("style", style));
            }
        }
        request.user().ifPresent(user -> body.put("user", user));
        return http.request("/images/generations").header("Content-Type", "application/json").POST(ProviderHttp.json(body));
    }

    private HttpRequest.Builder edit(ValidatedImageRequest request, GenerationContext context, String model) {
        MultipartBody form = new MultipartBody().field("model", model).field("prompt", request.prompt())
                .field("n", Integer.toString(request.n())).field("size", request.size().toString());
        List<byte[]> images = context.inputImages();
        String imageField = isGptImage(model) ? "image[]" : "image";
        for (int index = 0; index < images.size(); index++) {
            form.file(imageField, "image-" + index + ".png", "image/png", images.get(index));
        }
        context.mask().ifPresent(mask -> form.file("mask", "mask.png", "image/png", mask));
        if (isGptImage(model)) {
            form.field("quality", request.quality()).field("output_format", request.outputFormat().wireName())
                    .field("background", request.background().wireName());
            request.inputFidelity().ifPresent(fidelity -> form.field("input_fidelity", fidelity.wireName()));
        } else {
            form.field("response_format", "b64_json");
        }
        return http.request("/images/edits").header("Content-Type", form.contentType()).POST(form.publisher());
    }

    private ProviderResult result(ProviderResponse response) {
        JsonNode body = response.json();
        List<RenderedImage> images = new ArrayList<>();
        String revisedPrompt = null;
        for (JsonNode datum : body.path("data")) {
            byte[] bytes = datum.hasNonNull("b64_json") ? Base64.getDecoder().decode(datum.get("b64_json").asString())
                    : http.download(datum.path("url").asString());
            images.add(ImageProbe.rendered(NAME, bytes));
            if (datum.hasNonNull("revised_prompt")) {
                revisedPrompt = datum.get("revised_prompt").asString();
            }
        }
        if (images.isEmpty()) {
            throw ProviderException.retryable(NAME, "invalid_result", "OpenAI answered without images", null, null);
        }
        JsonNode usage = body.path("usage");
        Usage tokens = usage.isObject() ? new Usage(usage.path("input_tokens").asLong(), usage.path("output_tokens").asLong()) : null;
        return new ProviderResult(images, revisedPrompt, null, tokens, response.header(HttpFailures.REQUEST_ID_HEADER).orElse(null));
    }

    private static ProviderException failure(ProviderResponse response) {
        JsonNode error = response.json().path("error");
        String code = error.path("code").asString("");
        String message = error.path("message").asString(response.text());
        if (MODERATION_CODES.contains(code) || "image_generation_user_error".equals(error.path("type").asString("")) && code.contains("moderation")) {
            return ProviderException.contentPolicy(NAME, "OpenAI's moderation refused the request: " + message);
        }
        if (response.status() == 429 && "insufficient_quota".equals(code)) {
            return ProviderException.unavailable(NAME, "out_of_credits", "OpenAI: " + message);
        }
        return HttpFailures.classify(NAME, response, message);
    }

    private static boolean isGptImage(String model) {
        return model.startsWith("gpt-image");
    }
}
