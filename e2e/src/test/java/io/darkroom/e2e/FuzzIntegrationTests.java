package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Thousands of mutated and random requests to both image endpoints: bodies, headers and multipart parts.
 * Every answer must be a success or a well-formed 4xx in OpenAI's error shape: bad input never yields a
 * 5xx. The seed is fixed so a failure replays; {@code -Dfuzz.seed=N -Dfuzz.requests=N} explore further.
 */
class FuzzIntegrationTests {

    private static final long SEED = Long.getLong("fuzz.seed", 20261120L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    private static final String[] FIELDS = {"model", "prompt", "n", "size", "quality", "style", "response_format",
        "output_format", "output_compression", "background", "moderation", "user", "stream", "partial_images", "seed",
        "metadata", "images", "mask", "input_fidelity", "webhook_url", "image"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=", "application/xml",
        "image/png", "application/json; charset=latin-1", "*/*"};

    private final Darkroom darkroom = Darkroom.shared();
    private final Random random = new Random(SEED);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void mutatedAndRandomRequestsNeverGetA5xxAndEveryErrorIsOpenAisShape() throws Exception {
        List<Supplier<HttpRequest>> generators = List.of(this::mutatedJsonGeneration, this::mutatedJsonEdit,
                this::mutatedBytes, this::randomBody, this::mutatedMultipart, this::mutatedHeaders);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(generators.get(random.nextInt(generators.size())).get());
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Integer> statuses = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger closedBeforeAnswering = new java.util.concurrent.atomic.AtomicInteger();
        Semaphore inFlight = new Semaphore(8);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (HttpRequest request : requests) {
                inFlight.acquire();
                executor.execute(() -> {
                    try {
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException e) {
                            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                                throw e;
                            }
                            // The connection the client took from its pool had been closed by the server after its previous
                            // answer, before any byte of this one: HTTP lets a client send again (the OpenAI SDKs do). Counted,
                            // and held to a rare event below; a second failure fails the test.
                            closedBeforeAnswering.incrementAndGet();
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        }
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        check(request, response).ifPresent(problems::add);
                    } catch (Exception e) {
                        problems.add(request.method() + " " + request.uri() + " -> " + e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        System.out.printf("fuzz seed=%d requests=%d statuses=%s connections closed before answering=%d%n", SEED, REQUESTS,
                new java.util.TreeMap<>(statuses), closedBeforeAnswering.get());
        assertThat(problems).as("seed %d", SEED).isEmpty();
        assertThat(closedBeforeAnswering.get()).as("connections the server closed under the client: a rare race, not a habit")
                .isLessThan(REQUESTS / 300);
        assertThat(statuses.keySet()).as("the mutations reach both success and refusal").contains(400).anyMatch(s -> s < 300);
    }

    private java.util.Optional<String> check(HttpRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String where = request.uri().getPath() + " " + request.headers().map() + " -> " + status + " " + abbreviate(response.body());
        if (status >= 500) {
            return java.util.Optional.of("5xx: " + where);
        }
        if (status >= 400) {
            if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                return java.util.Optional.of("error not JSON: " + where);
            }
            JsonNode error = darkroom.json(response).get("error");
            if (error == null || !error.get("message").isString() || error.get("message").asString().isBlank()
                    || !error.get("type").isString() || !error.has("param") || !error.has("code")) {
                return java.util.Optional.of("error not OpenAI-shaped: " + where);
            }
        }
        return java.util.Optional.empty();
    }

    private HttpRequest mutatedJsonGeneration() {
        return json("/v1/images/generations", mutateObject(baseGeneration()));
    }

    private HttpRequest mutatedJsonEdit() {
        StringBuilder body = new StringBuilder(baseGeneration());
        body.setLength(body.length() - 1);
        body.append(", \"images\": [{\"image_url\": \"data:image/png;base64,")
                .append(java.util.Base64.getEncoder().encodeToString(Images.solidPng(8, 8, 0xFF00FF00, false))).append("\"}]}");
        return json("/v1/images/edits", mutateObject(body.toString()));
    }

    private HttpRequest mutatedBytes() {
        byte[] body = baseGeneration().getBytes(StandardCharsets.UTF_8);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits; i++) {
            switch (random.nextInt(3)) {
                case 0 -> body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
                case 1 -> {
                    if (body.length > 0) {
                        body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    byte[] longer = new byte[body.length + 1];
                    int at = random.nextInt(body.length + 1);
                    System.arraycopy(body, 0, longer, 0, at);
                    longer[at] = (byte) "{}[]\",:\\0-e9".charAt(random.nextInt(12));
                    System.arraycopy(body, at, longer, at + 1, body.length - at);
                    body = longer;
                }
            }
        }
        return request(endpoint(), "application/json", body, true);
    }

    private HttpRequest randomBody() {
        byte[] body = new byte[random.nextInt(300)];
        random.nextBytes(body);
        return request(endpoint(), CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)], body, true);
    }

    private HttpRequest mutatedMultipart() {
        Multipart form = new Multipart();
        int parts = random.nextInt(6);
        boolean hasImage = false;
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(5)) {
                case 0 -> form.field(FIELDS[random.nextInt(FIELDS.length)], value());
                case 1 -> form.field("prompt", value());
                case 2 -> {
                    hasImage = true;
                    form.file(random.nextBoolean() ? "image" : "image[]", "a.png", "image/png", imageBytes());
                }
                case 3 -> form.file("mask", "m.png", "image/png", imageBytes());
                default -> form.file(FIELDS[random.nextInt(FIELDS.length)], "x.bin", "application/octet-stream", garbage());
            }
        }
        if (!hasImage && random.nextBoolean()) {
            form.field("prompt", "a lake").field("size", "256x256")
                    .file("image", "a.png", "image/png", Images.solidPng(8, 8, 0xFF0000FF, false));
        }
        byte[] body = form.bytes();
        if (random.nextInt(5) == 0) {
            body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
        }
        return request("/v1/images/edits", random.nextInt(6) == 0 ? "multipart/form-data" : form.contentType(), body, true);
    }

    private HttpRequest mutatedHeaders() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(darkroom.baseUrl() + endpoint()))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(baseGeneration()));
        builder.header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
        String[] prefers = {"respond-async", "wait=0", "wait=-5", "wait=abc", "wait=99999999999999", "respond-async, wait=1",
            "handling=strict", ";;;", "wait"};
        builder.header("Prefer", prefers[random.nextInt(prefers.length)]);
        String[] auths = {"Bearer " + DEV_KEY, "Bearer", "bearer " + DEV_KEY, "Basic Zm9vOmJhcg==", "Bearer  " + DEV_KEY + " x", "Token " + DEV_KEY};
        builder.header("Authorization", auths[random.nextInt(auths.length)]);
        String[] accepts = {"application/json", "text/event-stream", "image/png", "*/*", "text/html"};
        builder.header("Accept", accepts[random.nextInt(accepts.length)]);
        return builder.build();
    }

    private String baseGeneration() {
        return "{\"model\": \"local/fast\", \"prompt\": \"a quiet lake\", \"size\": \"256x256\", \"n\": 1}";
    }

    /** Replaces, adds or removes one field of a flat JSON object, at the text level. */
    private String mutateObject(String object) {
        String inner = object.substring(1, object.length() - 1);
        List<String> members = new ArrayList<>(List.of(inner.split(", (?=\")")));
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (!members.isEmpty()) {
                        members.remove(random.nextInt(members.size()));
                    }
                }
                case 1 -> members.add("\"" + FIELDS[random.nextInt(FIELDS.length)] + "\": " + jsonValue());
                default -> {
                    if (!members.isEmpty()) {
                        int at = random.nextInt(members.size());
                        String name = members.get(at).substring(0, members.get(at).indexOf(':'));
                        members.set(at, name + ": " + jsonValue());
                    }
                }
            }
        }
        return "{" + String.join(", ", members) + "}";
    }

    private String jsonValue() {
        String[] values = {"null", "true", "false", "0", "-1", "1", "2", "11", "1e309", "-9223372036854775809", "3.5",
            "\"\"", "\"256x256\"", "\"auto\"", "\"1024x1024\"", "\"0x0\"", "\"99999x99999\"", "\"png\"", "\"gif\"", "\"url\"",
            "\"b64_json\"", "\"transparent\"", "\"natural\"", "\"local/fast\"", "\"local/slow\"", "\"nope\"", "[]", "{}",
            "[1, 2]", "{\"a\": \"b\"}", "{\"a\": {\"b\": 1}}", "\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"" + "x".repeat(40_000) + "\"",
            "[{\"image_url\": \"file:///etc/passwd\"}]", "[{\"image_url\": \"data:image/png;base64,AAAA\"}]",
            "[{\"image_url\": \"http://169.254.169.254/\"}]", "{\"image_url\": null}", "[{\"file_id\": \"file_1\"}]"};
        return values[random.nextInt(values.length)];
    }

    private String value() {
        String[] values = {"", "1", "-1", "0", "11", "true", "maybe", "256x256", "auto", "local/fast", "nope", "png", "x".repeat(33_000),
            "\u0000", "\uD83D\uDE00", "9999999999999999999"};
        return values[random.nextInt(values.length)];
    }

    private byte[] imageBytes() {
        byte[] png = Images.solidPng(4 + random.nextInt(12), 4 + random.nextInt(12), random.nextInt(), random.nextBoolean());
        if (random.nextInt(3) == 0) {
            png = java.util.Arrays.copyOf(png, random.nextInt(png.length));
        }
        return png;
    }

    private byte[] garbage() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String endpoint() {
        return random.nextBoolean() ? "/v1/images/generations" : "/v1/images/edits";
    }

    private HttpRequest json(String path, String body) {
        return request(path, "application/json", body.getBytes(StandardCharsets.UTF_8), true);
    }

    private HttpRequest request(String path, String contentType, byte[] body, boolean authorized) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(darkroom.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorized) {
            builder.header("Authorization", "Bearer " + DEV_KEY);
        }
        if (random.nextInt(10) > 0) {
            builder.header("Prefer", "respond-async");
        }
        return builder.build();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
