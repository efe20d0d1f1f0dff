package io.darkroom.worker.provider.fal;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.model.ImageSize;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.Polling;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderJson;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * fal.ai's queue API. A request is submitted to {@code /{model}}, its returned {@code status_url} polled until
 * {@code COMPLETED}, and its returned {@code response_url} read (the returned URLs are used as given: they drop
 * the model's sub-path); the image URLs are downloaded at once. One call asks for every image
 * ({@code num_images}). Any {@code has_nsfw_concepts} flag, or a {@code content_policy_violation} detail, is a
 * content policy violation; a 403 saying the user is locked or out of balance means out of credits; a response
 * marked {@code X-Fal-Retryable: true} is retryable whatever its status.
 */
@Component
final class FalProvider implements ImageProvider {

    static final String NAME = "fal";
    private static final Set<String> PENDING = Set.of("IN_QUEUE", "IN_PROGRESS");

    private final ProviderHttp http;

    FalProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        List<RenderedImage> images = new ArrayList<>();
        Output first = null;
        for (int call = 0; images.size() < request.n(); call++) {
            Long seed = request.seed().isPresent() ? request.seed().getAsLong() + call : null;
            Output output = run(context.upstreamModel(), input(request, request.n() - images.size(), seed));
            if (output.images().isEmpty()) {
                throw ProviderException.retryable(NAME, "invalid_result", "fal answered without images", null, null);
            }
            images.addAll(output.images());
            first = first == null ? output : first;
        }
        return new ProviderResult(images.subList(0, request.n()), null, first.seed(), null, first.requestId());
    }

    private static ObjectNode input(ValidatedImageRequest request, int count, Long seed) {
        ImageSize size = request.size();
        ObjectNode body = ProviderJson.object().put("prompt", request.prompt()).put("num_images", count)
                .put("output_format", request.outputFormat() == OutputFormat.JPEG ? "jpeg" : "png")
                .put("enable_safety_checker", true);
        body.putObject("image_size").put("width", size.width()).put("height", size.height());
        if (seed != null) {
            body.put("seed", seed);
        }
        return body;
    }

    private Output run(String model, ObjectNode input) {
        JsonNode queued = send(http.request("/" + model).header("Content-Type", "application/json")
                .POST(ProviderHttp.json(input))).json();
        URI statusUrl = returnedUrl(queued, "status_url");
        URI responseUrl = returnedUrl(queued, "response_url");
        Polling.until(http.settings(), () -> poll(statusUrl));
        JsonNode result = send(http.request(responseUrl).GET()).json();
        return output(result, queued.path("request_id").asString(null));
    }

    private Optional<String> poll(URI statusUrl) {
        ProviderResponse response = send(http.request(statusUrl).GET());
        String status = response.json().path("status").asString("");
        if ("COMPLETED".equals(status)) {
            return Optional.of(status);
        }
        if (response.status() == 202 || PENDING.contains(status)) {
            return Optional.empty();
        }
        throw ProviderException.retryable(NAME, "provider_error", "fal reported the unknown status '" + status + "'", null, null);
    }

    private Output output(JsonNode result, String requestId) {
        for (JsonNode flag : result.path("has_nsfw_concepts")) {
            if (flag.asBoolean(false)) {
                throw ProviderException.contentPolicy(NAME, "fal's safety checker flagged the result as NSFW");
            }
        }
        List<RenderedImage> images = new ArrayList<>();
        for (JsonNode image : result.path("images")) {
            images.add(ImageProbe.rendered(NAME, http.download(image.path("url").asString())));
        }
        Long seed = result.hasNonNull("seed") ? result.get("seed").asLong() : null;
        return new Output(images, seed, requestId);
    }

    private ProviderResponse send(HttpRequest.Builder call) {
        ProviderResponse response = http.send(call.header("Authorization", "Key " + http.settings().apiKey()).build());
        if (!response.ok()) {
            throw failure(response);
        }
        return response;
    }

    private static URI returnedUrl(JsonNode queued, String field) {
        if (!queued.path(field).isString()) {
            throw ProviderException.retryable(NAME, "invalid_result", "fal's queue answered without a " + field, null, null);
        }
        return URI.create(queued.get(field).asString());
    }

    private static ProviderException failure(ProviderResponse response) {
        JsonNode detail = response.json().path("detail");
        String message = message(detail, response);
        if (hasType(detail, "content_policy_violation")) {
            return ProviderException.contentPolicy(NAME, "fal's content checker refused the request: " + message);
        }
        if (response.status() == 403 && outOfCredits(message)) {
            return ProviderException.unavailable(NAME, "out_of_credits", "fal: " + message);
        }
        ProviderException classified = HttpFailures.classify(NAME, response, message);
        if (!classified.retryable() && response.header("X-Fal-Retryable").filter("true"::equalsIgnoreCase).isPresent()) {
            return ProviderException.retryable(NAME, "provider_error", classified.getMessage(), response.retryAfter().orElse(null), null);
        }
        return classified;
    }

    /** {@code detail} is a sentence for infrastructure errors and a list of {@code {loc, msg, type}} for validation. */
    private static String message(JsonNode detail, ProviderResponse response) {
        if (detail.isString()) {
            return detail.asString();
        }
        if (detail.isArray()) {
            return StreamSupport.stream(detail.spliterator(), false)
                    .map(item -> item.path("loc").toString() + ": " + item.path("msg").asString(""))
                    .collect(Collectors.joining("; "));
        }
        return response.text();
    }

    private static boolean hasType(JsonNode detail, String type) {
        return StreamSupport.stream(detail.spliterator(), false).anyMatch(item -> type.equals(item.path("type").asString("")));
    }

    private static boolean outOfCredits(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("locked") || lower.contains("balance");
    }

    /** One queue request's images, the seed fal used and fal's request id. */
    private record Output(List<RenderedImage> images, Long seed, String requestId) {
    }
}
