package io.darkroom.worker.provider.replicate;

import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.AspectRatios;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ImageProbe;
import io.darkroom.worker.provider.http.Polling;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderJson;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replicate's predictions API for official models ({@code POST /models/{owner}/{name}/predictions}). Each call
 * asks for up to four outputs and, with {@code Prefer: wait}, usually answers finished; a prediction still
 * {@code starting} or {@code processing} is polled at {@code urls.get}, and cancelled when it outlives the maximum
 * wait. Output URLs are downloaded at once. The safety checker drops flagged outputs: a prediction that
 * {@code failed} naming NSFW (or "flagged as sensitive"), or succeeded without any output, is a content policy
 * violation; fewer outputs than asked are made up by further calls. A 429 without {@code Retry-After} takes its
 * wait from the detail's "resets in ~30s".
 */
@Component
final class ReplicateProvider implements ImageProvider {

    static final String NAME = "replicate";
    private static final List<String> ASPECT_RATIOS = List.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3",
            "9:16", "9:21");
    private static final int MAX_OUTPUTS_PER_CALL = 4;
    private static final long MAX_SERVER_WAIT_SECONDS = 60;
    private static final long SEED_RANGE = 1L << 32;
    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "canceled", "aborted");
    private static final Pattern RESET_HINT = Pattern.compile("resets in ~?\\s*(\\d+)\\s*s");
    private static final Pattern SEED_IN_LOGS = Pattern.compile("Using seed: (\\d+)");

    private final ProviderHttp http;

    ReplicateProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        List<RenderedImage> images = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        Long seed = request.seed().isPresent() ? request.seed().getAsLong() : null;
        while (images.size() < request.n()) {
            int wanted = Math.min(MAX_OUTPUTS_PER_CALL, request.n() - images.size());
            JsonNode prediction = settled(create(context.upstreamModel(), input(request, wanted, images.size())));
            predictions.add(prediction.path("id").stringValue(""));
            List<String> outputs = outputs(prediction);
            if (outputs.isEmpty()) {
                throw ProviderException.contentPolicy(NAME, "Replicate's prediction " + prediction.path("id").stringValue("")
                        + " succeeded without any output: its safety checker removed every image");
            }
            outputs.stream().limit(wanted).forEach(url -> images.add(ImageProbe.rendered(NAME, http.download(url))));
            if (seed == null) {
                seed = seedInLogs(prediction);
            }
        }
        return new ProviderResult(images, null, seed, null, String.join(",", predictions));
    }

    private static ObjectNode input(ValidatedImageRequest request, int outputs, int offset) {
        ObjectNode input = ProviderJson.object().put("prompt", request.prompt())
                .put("aspect_ratio", AspectRatios.closest(request.size(), ASPECT_RATIOS, ":")).put("num_outputs", outputs)
                .put("output_format", switch (request.outputFormat()) {
                    case JPEG -> "jpg";
                    case WEBP -> "webp";
                    case PNG -> "png";
                });
        request.outputCompression().ifPresent(compression -> input.put("output_quality", compression));
        request.seed().ifPresent(seed -> input.put("seed", (seed + offset) % SEED_RANGE));
        return input;
    }

    private JsonNode create(String model, ObjectNode input) {
        ObjectNode body = ProviderJson.object();
        body.set("input", input);
        ProviderResponse response = http.send(authorized(http.request("/models/" + model + "/predictions"))
                .header("Prefer", "wait=" + serverWaitSeconds()).header("Content-Type", "application/json")
                .POST(ProviderHttp.json(body)).build());
        if (!response.ok()) {
            throw failure(response);
        }
        return response.json();
    }

    /** As long as Replicate may hold the call (60 s at most), but shorter than our own read timeout. */
    private long serverWaitSeconds() {
        long readTimeout = http.settings().readTimeout().toSeconds();
        return Math.clamp(readTimeout - 5, 1, MAX_SERVER_WAIT_SECONDS);
    }

    /** The prediction once finished, polled at {@code urls.get} while it runs; cancelled when we stop waiting. */
    private JsonNode settled(JsonNode prediction) {
        if (FINISHED.contains(prediction.path("status").stringValue(""))) {
            return outcome(prediction);
        }
        String id = prediction.path("id").stringValue("");
        URI get = link(prediction, "get", "/predictions/" + id);
        try {
            return outcome(Polling.until(http.settings(), () -> poll(get)));
        } catch (ProviderException e) {
            if (e.code().equals("timeout")) {
                cancel(link(prediction, "cancel", "/predictions/" + id + "/cancel"), e);
            }
            throw e;
        }
    }

    private Optional<JsonNode> poll(URI get) {
        ProviderResponse response = http.send(authorized(http.request(get)).GET().build());
        if (!response.ok()) {
            throw failure(response);
        }
        JsonNode prediction = response.json();
        return FINISHED.contains(prediction.path("status").stringValue("")) ? Optional.of(prediction) : Optional.empty();
    }

    private static JsonNode outcome(JsonNode prediction) {
        String id = prediction.path("id").stringValue("");
        String status = prediction.path("status").stringValue("");
        String error = prediction.path("error").isNull() || prediction.path("error").isMissingNode() ? ""
                : prediction.path("error").asString(prediction.path("error").toString());
        return switch (status) {
            case "succeeded" -> prediction;
            case "failed" -> throw moderated(error)
                    ? ProviderException.contentPolicy(NAME, "Replicate's safety checker refused prediction " + id + ": " + error)
                    : ProviderException.retryable(NAME, "provider_error", "Replicate's prediction " + id + " failed: " + error, null, null);
            default -> throw ProviderException.retryable(NAME, "canceled", "Replicate's prediction " + id + " ended " + status, null, null);
        };
    }

    private static boolean moderated(String error) {
        String lower = error.toLowerCase(Locale.ROOT);
        return lower.contains("nsfw") || lower.contains("flagged as sensitive");
    }

    /** Best effort: a cancel that fails is recorded on the failure that made us give up, not thrown. */
    private void cancel(URI cancel, ProviderException reason) {
        try {
            http.send(authorized(http.request(cancel)).POST(HttpRequest.BodyPublishers.noBody()).build());
        } catch (ProviderException e) {
            reason.addSuppressed(e);
        }
    }

    private URI link(JsonNode prediction, String name, String fallbackPath) {
        String url = prediction.path("urls").path(name).stringValue("");
        return url.isBlank() ? http.settings().resolve(fallbackPath) : http.providerUrl(url);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + http.settings().apiKey());
    }

    /** {@code output}: an array of URLs, or a single URL for single-output models. */
    private static List<String> outputs(JsonNode prediction) {
        JsonNode output = prediction.path("output");
        if (output.isString()) {
            return List.of(output.stringValue());
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode url : output) {
            if (url.isString() && !url.stringValue().isBlank()) {
                urls.add(url.stringValue());
            }
        }
        return urls;
    }

    private static Long seedInLogs(JsonNode prediction) {
        Matcher seed = SEED_IN_LOGS.matcher(prediction.path("logs").stringValue(""));
        return seed.find() ? Long.valueOf(seed.group(1)) : null;
    }

    /** RFC 7807 problem details: {@code {type, title, status, detail}}. */
    private static ProviderException failure(ProviderResponse response) {
        JsonNode problem = response.json();
        String detail = problem.path("detail").stringValue(problem.path("title").stringValue(response.text()));
        if (response.status() == 429 && response.retryAfter().isEmpty()) {
            return ProviderException.retryable(NAME, "rate_limited", "replicate answered HTTP 429: " + detail, resetHint(detail), null);
        }
        return HttpFailures.classify(NAME, response, detail);
    }

    /** "Request was throttled. Your rate limit resets in ~30s." as 30 s; null when the detail says nothing. */
    private static Duration resetHint(String detail) {
        Matcher hint = RESET_HINT.matcher(detail);
        return hint.find() ? Duration.ofSeconds(Long.parseLong(hint.group(1))) : null;
    }
}
