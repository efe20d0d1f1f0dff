package io.darkroom.worker.provider.stability;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.model.InputFidelity;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.AspectRatios;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.MultipartBody;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Stability AI's Stable Image API (v2beta). One image per call, so {@code n} images take {@code n} calls
 * (seed {@code seed + i} for the i-th when a seed is given). The size becomes the closest of Stability's
 * aspect ratios; the answer is the raw image ({@code accept: image/*}). A {@code finish-reason:
 * CONTENT_FILTERED} answer and a {@code content_moderation} error are {@code content_policy_violation};
 * a 429 waits out Stability's documented 60-second lockout unless {@code Retry-After} says otherwise.
 */
@Component
final class StabilityProvider implements ImageProvider {

    static final String NAME = "stability";
    static final List<String> ASPECT_RATIOS = List.of("16:9", "1:1", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16", "9:21");
    /** How long Stability locks an account out after it went over its rate limit. */
    static final Duration RATE_LIMIT_LOCKOUT = Duration.ofSeconds(60);
    /** Stability's seeds run from 0 (random) to 4,294,967,294. */
    private static final long SEEDS = 4_294_967_295L;
    private static final String SD3_PREFIX = "sd3";

    private final ProviderHttp http;

    StabilityProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        if (context.mask().isPresent()) {
            throw ProviderException.invalidRequest(NAME, "invalid_request",
                    "Stability's generate endpoints take no mask; send the edit without one");
        }
        List<RenderedImage> images = new ArrayList<>();
        List<ProviderResponse> responses = new ArrayList<>();
        for (int index = 0; index < request.n(); index++) {
            ProviderResponse response = call(request, context, seedOf(request, index));
            images.add(ImageProbe.rendered(NAME, response.body()));
            responses.add(response);
        }
        ProviderResponse first = responses.getFirst();
        Long seed = first.header("seed").filter(value -> value.matches("[0-9]{1,18}")).map(Long::valueOf).orElse(null);
        return new ProviderResult(images, null, seed, null, first.header(HttpFailures.REQUEST_ID_HEADER).orElse(null));
    }

    private ProviderResponse call(ValidatedImageRequest request, GenerationContext context, Long seed) {
        String model = context.upstreamModel();
        MultipartBody form = form(request, context, seed);
        String path = "/v2beta/stable-image/generate/" + (model.startsWith(SD3_PREFIX) ? SD3_PREFIX : model);
        ProviderResponse response = http.send(http.request(path).header("Content-Type", form.contentType())
                .header("authorization", "Bearer " + http.settings().apiKey()).header("accept", "image/*")
                .POST(form.publisher()).build());
        if (!response.ok()) {
            throw failure(response);
        }
        if ("CONTENT_FILTERED".equalsIgnoreCase(response.header("finish-reason").orElse(""))) {
            throw ProviderException.contentPolicy(NAME, "Stability's content filter withheld the image");
        }
        return response;
    }

    /** The form of one call: sd3 models are named in it; a generation gives the aspect ratio, an edit its input. */
    private static MultipartBody form(ValidatedImageRequest request, GenerationContext context, Long seed) {
        String model = context.upstreamModel();
        boolean sd3 = model.startsWith(SD3_PREFIX);
        MultipartBody form = new MultipartBody().field("prompt", request.prompt()).field("output_format", request.outputFormat().wireName());
        if (sd3) {
            form.field("model", model);
        }
        if (seed != null) {
            form.field("seed", Long.toString(seed));
        }
        if (request.hasInputImages()) {
            edit(form, request, context, sd3);
        } else {
            form.field("aspect_ratio", AspectRatios.closest(request.size(), ASPECT_RATIOS, ":"));
        }
        return form;
    }

    /** The input image and how far to move away from it; the output keeps the input's aspect ratio. */
    private static void edit(MultipartBody form, ValidatedImageRequest request, GenerationContext context, boolean sd3) {
        byte[] image = context.inputImages().getFirst();
        OutputFormat format = ImageProbe.formatOf(image);
        OutputFormat type = format == null ? OutputFormat.PNG : format;
        form.file("image", "image." + type.wireName(), type.mediaType(), image).field("strength", strength(request.inputFidelity()));
        if (sd3) {
            form.field("mode", "image-to-image");
        }
    }

    /** Stability's {@code strength} is how much of the input to give up: high fidelity keeps more of it. */
    static String strength(Optional<InputFidelity> inputFidelity) {
        return inputFidelity.map(fidelity -> switch (fidelity) {
            case HIGH -> "0.35";
            case LOW -> "0.75";
        }).orElse("0.5");
    }

    private static Long seedOf(ValidatedImageRequest request, int index) {
        return request.seed().isPresent() ? (request.seed().getAsLong() + index) % SEEDS : null;
    }

    private static ProviderException failure(ProviderResponse response) {
        JsonNode body = response.json();
        String name = body.path("name").asString("");
        String detail = errors(body, response);
        if (name.contains("moderation")) {
            return ProviderException.contentPolicy(NAME, "Stability's moderation refused the request: " + detail);
        }
        if (response.status() == 429) {
            return ProviderException.retryable(NAME, "rate_limited", "Stability rate-limited the account: " + detail,
                    response.retryAfter().orElse(RATE_LIMIT_LOCKOUT), null);
        }
        return HttpFailures.classify(NAME, response, detail);
    }

    /** Stability's {@code errors} list, joined; the raw body when it is not Stability's error JSON. */
    private static String errors(JsonNode body, ProviderResponse response) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return response.text();
        }
        String joined = errors.valueStream().map(error -> error.isString() ? error.asString() : error.toString())
                .collect(Collectors.joining("; "));
        return body.path("name").isString() ? body.path("name").asString() + ": " + joined : joined;
    }
}
