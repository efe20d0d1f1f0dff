package io.darkroom.worker.provider.bfl;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.model.ImageSize;
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
import io.darkroom.worker.provider.http.Polling;
import io.darkroom.worker.provider.http.ProviderHttp;
import io.darkroom.worker.provider.http.ProviderJson;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Black Forest Labs' FLUX API: one asynchronous task per image. The n tasks of a request are all submitted
 * first (seed+i each), then each task's {@code polling_url} (always the returned one: it is regional) is polled
 * until {@code Ready}, and its {@code result.sample} URL, which expires in minutes, is downloaded at once.
 * {@code flux-pro-1.1-ultra} and {@code flux-kontext-pro} take an aspect ratio instead of a pixel size; Kontext edits
 * send the first input image as base64. {@code Request Moderated} and {@code Content Moderated} are content policy
 * violations; {@code Error} and {@code Task not found} are retryable; statuses it does not know (BFL keeps adding
 * progress states) are polled on until the maximum wait.
 */
@Component
final class BflProvider implements ImageProvider {

    static final String NAME = "bfl";
    private static final Set<String> ASPECT_RATIO_MODELS = Set.of("flux-pro-1.1-ultra", "flux-kontext-pro");
    private static final List<String> ASPECT_RATIOS = List.of("21:9", "16:9", "3:2", "4:3", "1:1", "3:4", "2:3", "9:16", "9:21");
    private static final Set<String> MODERATED = Set.of("Request Moderated", "Content Moderated");
    private static final long SEED_RANGE = 1L << 32;

    private final ProviderHttp http;

    BflProvider(ProviderDirectory directory) {
        this.http = new ProviderHttp(directory.settings(NAME));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        String model = context.upstreamModel();
        String inputImage = context.inputImages().isEmpty() ? null
                : Base64.getEncoder().encodeToString(context.inputImages().getFirst());
        List<Task> tasks = new ArrayList<>();
        for (int index = 0; index < request.n(); index++) {
            tasks.add(submit(model, body(request, model, inputImage, index)));
        }
        List<RenderedImage> images = new ArrayList<>();
        Long seed = request.seed().isPresent() ? request.seed().getAsLong() : null;
        for (Task task : tasks) {
            JsonNode result = Polling.until(http.settings(), () -> poll(task));
            images.add(ImageProbe.rendered(NAME, http.download(sample(task, result))));
            if (seed == null && result.path("seed").isIntegralNumber()) {
                seed = result.path("seed").asLong();
            }
        }
        return new ProviderResult(images, null, seed, null, tasks.stream().map(Task::id).collect(Collectors.joining(",")));
    }

    private static ObjectNode body(ValidatedImageRequest request, String model, String inputImage, int index) {
        ObjectNode body = ProviderJson.object().put("prompt", request.prompt());
        ImageSize size = request.size();
        if (ASPECT_RATIO_MODELS.contains(model)) {
            body.put("aspect_ratio", AspectRatios.closest(size, ASPECT_RATIOS, ":"));
        } else {
            body.put("width", size.width()).put("height", size.height());
        }
        if (inputImage != null) {
            body.put("input_image", inputImage);
        }
        request.seed().ifPresent(seed -> body.put("seed", (seed + index) % SEED_RANGE));
        return body.put("output_format", request.outputFormat() == OutputFormat.JPEG ? "jpeg" : "png").put("safety_tolerance", 2);
    }

    private Task submit(String model, ObjectNode body) {
        ProviderResponse response = http.send(http.request("/v1/" + model).header("x-key", http.settings().apiKey())
                .header("Content-Type", "application/json").POST(ProviderHttp.json(body)).build());
        if (!response.ok()) {
            throw failure(response);
        }
        JsonNode task = response.json();
        String pollingUrl = task.path("polling_url").stringValue("");
        if (pollingUrl.isBlank()) {
            throw ProviderException.retryable(NAME, "invalid_result", "BFL accepted a task without a polling_url: " + response.text(),
                    null, null);
        }
        return new Task(task.path("id").stringValue(""), http.providerUrl(pollingUrl));
    }

    private Optional<JsonNode> poll(Task task) {
        ProviderResponse response = http.send(http.request(task.pollingUrl()).header("x-key", http.settings().apiKey()).GET().build());
        if (response.status() == 404) {
            throw ProviderException.retryable(NAME, "task_not_found", "BFL no longer knows task " + task.id(), null, null);
        }
        if (!response.ok()) {
            throw failure(response);
        }
        JsonNode answer = response.json();
        String status = answer.path("status").stringValue("");
        String details = answer.path("details").isMissingNode() || answer.path("details").isNull() ? "" : " " + answer.path("details");
        if (status.equals("Ready")) {
            return Optional.of(answer.path("result"));
        }
        if (MODERATED.contains(status)) {
            throw ProviderException.contentPolicy(NAME, "BFL's moderation refused task " + task.id() + ": " + status + details);
        }
        if (status.equals("Error")) {
            throw ProviderException.retryable(NAME, "provider_error", "BFL's task " + task.id() + " failed:" + details, null, null);
        }
        if (status.equals("Task not found")) {
            throw ProviderException.retryable(NAME, "task_not_found", "BFL no longer knows task " + task.id(), null, null);
        }
        return Optional.empty();
    }

    private static String sample(Task task, JsonNode result) {
        String url = result.path("sample").stringValue("");
        if (url.isBlank()) {
            throw ProviderException.retryable(NAME, "invalid_result", "BFL's task " + task.id() + " is ready without a sample",
                    null, null);
        }
        return url;
    }

    private static ProviderException failure(ProviderResponse response) {
        return HttpFailures.classify(NAME, response, detail(response.json().path("detail"), response.text()));
    }

    /** FastAPI's {@code detail}: a string, or a list of {@code {loc, msg, type}} validation errors. */
    private static String detail(JsonNode detail, String fallback) {
        if (detail.isString()) {
            return detail.stringValue();
        }
        if (detail.isArray() && !detail.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (JsonNode problem : detail) {
                List<String> location = new ArrayList<>();
                problem.path("loc").forEach(part -> location.add(part.asString("")));
                problems.add(String.join(".", location) + ": " + problem.path("msg").stringValue(problem.toString()));
            }
            return String.join("; ", problems);
        }
        return fallback;
    }

    /** A submitted task: BFL's id and the URL to poll for it. */
    private record Task(String id, URI pollingUrl) {
    }
}
