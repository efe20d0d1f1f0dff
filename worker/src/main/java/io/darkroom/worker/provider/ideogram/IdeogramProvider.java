package io.darkroom.worker.provider.ideogram;

import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.MultipartBody;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Ideogram 3.0. All {@code n} images come from one call ({@code num_images}); should Ideogram return
 * fewer, the rest are asked for again (with seed+1; seeds are folded into Ideogram's 31-bit range). The size is
 * sent as Ideogram's {@code resolution} (the catalog's sizes are Ideogram's), the quality picks the
 * {@code rendering_speed}. Result URLs are downloaded at once. An image flagged {@code is_image_safe: false} (or
 * left without a URL) and a 422 about the safety checks are {@code content_policy_violation}.
 */
@Component
final class IdeogramProvider implements ImageProvider {

    static final String NAME = "ideogram";
    static final Map<String, String> RENDERING_SPEEDS = Map.of("low", "TURBO", "medium", "DEFAULT", "high", "QUALITY");
    /** Ideogram's seeds run from 0 to 2,147,483,647 (its published description); Darkroom's to 4,294,967,295. */
    private static final long SEEDS = 1L << 31;

    private final ProviderHttp http;

    IdeogramProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        List<RenderedImage> images = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (int call = 0; images.size() < request.n(); call++) {
            Long seed = request.seed().isPresent() ? (request.seed().getAsLong() + call) % SEEDS : null;
            JsonNode answered = call(request, request.n() - images.size(), seed).path("data");
            if (answered.isEmpty()) {
                throw ProviderException.retryable(NAME, "invalid_result", "Ideogram answered without images", null, null);
            }
            for (JsonNode datum : answered) {
                images.add(downloaded(datum));
                data.add(datum);
            }
        }
        JsonNode first = data.getFirst();
        String prompt = first.path("prompt").asString(null);
        String revisedPrompt = prompt == null || prompt.equals(request.prompt()) ? null : prompt;
        Long seed = first.path("seed").isIntegralNumber() ? first.path("seed").asLong() : null;
        return new ProviderResult(images.subList(0, request.n()), revisedPrompt, seed, null, null);
    }

    private JsonNode call(ValidatedImageRequest request, int count, Long seed) {
        MultipartBody form = new MultipartBody().field("prompt", request.prompt()).field("num_images", Integer.toString(count))
                .field("resolution", request.size().toString())
                .field("rendering_speed", RENDERING_SPEEDS.getOrDefault(request.quality(), "DEFAULT"));
        if (seed != null) {
            form.field("seed", Long.toString(seed));
        }
        ProviderResponse response = http.send(http.request("/v1/ideogram-v3/generate").header("Content-Type", form.contentType())
                .header("Api-Key", http.settings().apiKey()).POST(form.publisher()).build());
        if (!response.ok()) {
            throw failure(response);
        }
        return response.json();
    }

    private RenderedImage downloaded(JsonNode datum) {
        String url = datum.path("url").asString("");
        if (!datum.path("is_image_safe").asBoolean(true) || url.isBlank()) {
            throw ProviderException.contentPolicy(NAME, "Ideogram's safety checks withheld an image");
        }
        return ImageProbe.rendered(NAME, http.download(url));
    }

    private static ProviderException failure(ProviderResponse response) {
        String detail = detail(response);
        if (response.status() == 422 && detail.toLowerCase(Locale.ROOT).contains("safety")) {
            return ProviderException.contentPolicy(NAME, "Ideogram's safety checks refused the request: " + detail);
        }
        return HttpFailures.classify(NAME, response, detail);
    }

    /** Ideogram's message, under {@code error}, {@code detail} or {@code message}; the raw body otherwise. */
    private static String detail(ProviderResponse response) {
        JsonNode body = response.json();
        for (String field : List.of("error", "detail", "message")) {
            JsonNode value = body.path(field);
            if (value.isString()) {
                return value.asString();
            }
            if (value.isContainer()) {
                return value.toString();
            }
        }
        return response.text();
    }
}
