package io.darkroom.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The calls the commands make to Darkroom's OpenAI-compatible API, over {@link HttpClient}. Every call to the API
 * carries the key; image downloads never do (hosted image URLs are their own credential). A refused call throws
 * {@link ApiException}; a call that got no answer throws {@link UnreachableException}.
 */
public final class DarkroomApi {

    /** Longer than Darkroom's longest synchronous wait ({@code darkroom.api.max-sync-wait}, 10 minutes). */
    static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(11);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** How many pages of {@code GET /v1/batches} to search for a batch made from a file. */
    private static final int MAX_LIST_PAGES = 10;

    private final String baseUrl;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    DarkroomApi(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    /** The base URL calls go to, without {@code /v1}. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /v1/images/generations}, waiting for the image: OpenAI's images response. */
    public JsonNode generate(ObjectNode body) {
        return call(api("/v1/images/generations").timeout(GENERATION_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    /** {@code POST /v1/files} with {@code purpose=batch}: the new file's id. */
    public String uploadBatchFile(String filename, byte[] jsonl) {
        String boundary = "darkroom-" + UUID.randomUUID();
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename.replace("\"", "")
                + "\"\r\nContent-Type: application/jsonl\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(jsonl);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return call(api("/v1/files").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build()).path("id").asString();
    }

    /** {@code POST /v1/batches} of image generations from an uploaded file: the batch. */
    public JsonNode createBatch(String inputFileId) {
        ObjectNode body = json.createObjectNode().put("input_file_id", inputFileId).put("endpoint", "/v1/images/generations")
                .put("completion_window", "24h");
        body.putObject("metadata").put("client", "darkroom-cli");
        return call(api("/v1/batches").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    /** {@code GET /v1/batches/{id}}. */
    public JsonNode batch(String id) {
        return call(api("/v1/batches/" + id).GET().build());
    }

    /**
     * {@code GET /v1/batches/{id}/results}: a page of the output rows of the lines finished so far, in the order they
     * finished, {@code {data, has_more, next_cursor}}. {@code after} is a previous page's {@code next_cursor}, or null
     * for the first page. An older Darkroom answers 404 ({@link ApiException}).
     */
    public JsonNode batchResults(String id, String after, int limit) {
        String query = "?limit=" + limit + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        return call(api("/v1/batches/" + id + "/results" + query).GET().build());
    }

    /** {@code POST /v1/batches/{id}/cancel}: the batch, now cancelling (or cancelled); 409 when it is over already. */
    public JsonNode cancelBatch(String id) {
        return call(api("/v1/batches/" + id + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The newest batch of this key made from {@code inputFileId}, searching the first pages of {@code GET /v1/batches}. */
    public Optional<JsonNode> findBatchOfFile(String inputFileId) {
        String after = null;
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            JsonNode list = call(api("/v1/batches?limit=100" + (after == null ? "" : "&after=" + after)).GET().build());
            for (JsonNode batch : list.path("data")) {
                if (inputFileId.equals(batch.path("input_file_id").asString(""))) {
                    return Optional.of(batch);
                }
            }
            if (!list.path("has_more").asBoolean(false)) {
                break;
            }
            after = list.path("last_id").asString();
        }
        return Optional.empty();
    }

    /** {@code GET /v1/files/{id}/content}, as text. */
    public String fileContent(String id) {
        HttpResponse<byte[]> response = send(api("/v1/files/" + id + "/content").GET().build());
        requireSuccess("GET /v1/files/" + id + "/content", response);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** An image's bytes, fetched without the API key; empty when the image is gone (404, 410: hosted images expire). */
    public Optional<byte[]> download(String url) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(CALL_TIMEOUT).GET().build());
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return Optional.empty();
        }
        requireSuccess("GET " + URI.create(url).getPath(), response);
        return Optional.of(response.body());
    }

    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Accept", "application/json")
                .header("User-Agent", "darkroom-cli/" + DarkroomCli.version());
    }

    private JsonNode call(HttpRequest request) {
        HttpResponse<byte[]> response = send(request);
        String call = request.method() + " " + request.uri().getPath();
        requireSuccess(call, response);
        try {
            return json.readTree(response.body());
        } catch (JacksonException e) {
            throw new ApiException(call, response.statusCode(), null, null, null, "the answer is not JSON: " + start(response.body()));
        }
    }

    private void requireSuccess(String call, HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 == 2) {
            return;
        }
        JsonNode error = null;
        try {
            error = json.readTree(response.body()).path("error");
        } catch (JacksonException notJson) {
            // described below by the start of the body
        }
        if (error == null || !error.isObject()) {
            throw new ApiException(call, response.statusCode(), null, null, null, start(response.body()));
        }
        throw new ApiException(call, response.statusCode(), text(error, "type"), text(error, "param"), text(error, "code"),
                text(error, "message"));
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        String call = request.method() + " " + request.uri().getPath();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new UnreachableException("Cannot reach Darkroom at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + " (" + call + "): is it running? (./darkroom start, or set --base-url)", e);
        } catch (HttpTimeoutException e) {
            throw new UnreachableException(call + " had no answer within " + request.timeout().orElseThrow().toSeconds() + " s.", e);
        } catch (IOException e) {
            throw new UnreachableException(call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(ExitCodes.FAILED, call + " was interrupted.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() || value.isNumber() ? value.asString() : null;
    }

    private static String start(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "an empty body" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
