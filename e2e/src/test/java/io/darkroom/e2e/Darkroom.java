package io.darkroom.e2e;

import io.darkroom.api.ApiApplication;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.darkroom.worker.WorkerApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole Darkroom for tests: an api and a worker, each its own Spring application, on the real local
 * RabbitMQ and Redis under a namespace unique to this run. {@link #close()} removes every queue,
 * exchange and key the run made.
 */
final class Darkroom implements AutoCloseable {

    static final String DEV_KEY = "dr_test_" + UUID.randomUUID().toString().replace("-", "");
    static final String ADMIN_TOKEN = "admin_" + UUID.randomUUID();
    static final Duration SLOW_LATENCY = Duration.ofSeconds(2);
    /** Upload limit of the test api, small so that a 413 is cheap to provoke. */
    static final String MAX_UPLOAD = "2MB";

    private static Darkroom shared;

    final String namespace = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final Names names = new Names(namespace);
    /** The api's port, chosen up front so that URLs made outside a request (webhooks, batch files) name it. */
    private final int apiPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Every upstream provider's stub, each under its own path prefix ({@code /openai/v1}, {@code /bfl}, ...). */
    final WireMockServer providers = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final ConfigurableApplicationContext api;
    private ConfigurableApplicationContext worker;

    private final Map<String, Object> overrides;

    private Darkroom() {
        this(Map.of());
    }

    /** A Darkroom of its own (not the shared one), with settings over the usual ones: close it when done. */
    static Darkroom isolated(Map<String, Object> overrides) {
        return new Darkroom(overrides);
    }

    private Darkroom(Map<String, Object> overrides) {
        this.overrides = overrides;
        providers.start();
        api = new SpringApplicationBuilder(ApiApplication.class).run(arguments(common(), Map.of(
                "server.port", Integer.toString(apiPort), "darkroom.api.dev-key", DEV_KEY,
                "darkroom.api.admin-token", ADMIN_TOKEN,
                "darkroom.api.poll-interval", "500ms", "darkroom.api.batch-sweep-interval", "500ms",
                "darkroom.api.inputs.fetch-allow-list", "127.0.0.1/32",
                "darkroom.api.inputs.max-image-bytes", MAX_UPLOAD,
                "spring.servlet.multipart.max-file-size", MAX_UPLOAD)));
        startWorker();
    }

    /** The instance every test class shares; closed when the JVM exits. */
    static synchronized Darkroom shared() {
        if (shared == null) {
            shared = new Darkroom();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** The settings every app of this Darkroom shares, as {@code --name=value} arguments (for worker processes too). */
    String[] commonArguments() {
        return arguments(common(), Map.of());
    }

    /** Settings as command-line arguments: they outrank every properties file, as a test's must. */
    private String[] arguments(Map<String, Object> common, Map<String, Object> specific) {
        Map<String, Object> merged = new java.util.HashMap<>(common);
        merged.putAll(specific);
        merged.putAll(overrides);
        return merged.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
    }

    private Map<String, Object> common() {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of("darkroom.namespace", namespace, "server.port", "0",
                "darkroom.public-base-url", "http://127.0.0.1:" + apiPort,
                "spring.main.banner-mode", "off", "spring.main.register-shutdown-hook", "false",
                "darkroom.providers.defaults.read-timeout", "5s", "darkroom.providers.defaults.poll-interval", "50ms",
                "darkroom.providers.defaults.max-attempts", "2", "darkroom.worker.circuit-breaker.minimum-calls", "1000",
                "darkroom.worker.circuit-breaker.backoff-initial", "50ms"));
        settings.putAll(Map.of("darkroom.webhooks.allow-list", "127.0.0.1/32", "darkroom.webhooks.schedule", "1s,1s,1s",
                "darkroom.webhooks.timeout", "3s", "darkroom.providers.defaults.download-allow-list", "127.0.0.1/32,::1/128"));
        settings.putAll(Map.of("darkroom.api.limits.tiers.test-daily.images-per-day", "3",
                "darkroom.api.limits.tiers.test-minute.images-per-minute", "5",
                "darkroom.api.limits.tiers.test-lines.batch-lines-in-flight", "2"));
        settings.putAll(Map.of("darkroom.job-lease", "3s", "darkroom.worker.recovery.interval", "500ms",
                "darkroom.worker.recovery.publish-grace", "1s", "darkroom.worker.limits.lease", "2s", "darkroom.worker-heartbeat", "2s"));
        for (String provider : PROVIDER_PREFIXES.keySet()) {
            settings.put("darkroom.providers.instances." + provider + ".base-url", providers.baseUrl() + PROVIDER_PREFIXES.get(provider));
            settings.put("darkroom.providers.instances." + provider + ".api-key", "stub-key-" + provider);
        }
        settings.putAll(overrides);
        return settings;
    }

    /** Where each provider's stub lives under {@link #providers}. */
    static final Map<String, String> PROVIDER_PREFIXES = Map.of("openai", "/openai/v1", "stability", "/stability",
            "bfl", "/bfl", "replicate", "/replicate/v1", "fal", "/fal", "ideogram", "/ideogram", "google", "/google/v1beta");

    void startWorker() {
        worker = new SpringApplicationBuilder(WorkerApplication.class).run(arguments(common(), Map.of(
                "darkroom.local.slow-latency", SLOW_LATENCY.toString(),
                "darkroom.worker.max-in-flight", "16")));
    }

    void stopWorker() {
        worker.close();
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) api).getWebServer().getPort();
    }

    <T> T apiBean(Class<T> type) {
        return api.getBean(type);
    }

    <T> T workerBean(Class<T> type) {
        return worker.getBean(type);
    }

    StringRedisTemplate redis() {
        return api.getBean(StringRedisTemplate.class);
    }

    /**
     * Another api instance of this Darkroom (same namespace, Redis and broker) on a port of its own, as a
     * second replica or a restarted api would be: close it when done.
     */
    ConfigurableApplicationContext anotherApi() {
        return new SpringApplicationBuilder(ApiApplication.class).run(arguments(common(), Map.of("server.port", "0",
                "darkroom.api.dev-key", DEV_KEY, "darkroom.api.admin-token", ADMIN_TOKEN)));
    }

    static String baseUrlOf(ConfigurableApplicationContext api) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) api).getWebServer().getPort();
    }

    /** POSTs JSON to a path of this api, or to a full URL (another api's). */
    HttpResponse<String> post(String pathOrUrl, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postMultipart(String path, Multipart form, String... headers) {
        return postBytes(path, form.contentType(), form.bytes(), headers);
    }

    HttpResponse<String> postBytes(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a JSON body with any method (PATCH, PUT, ...). */
    HttpResponse<String> sendJson(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathOrUrl, String... headers) {
        return send(getRequest(pathOrUrl, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String pathOrUrl, String... headers) {
        return send(getRequest(pathOrUrl, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest getRequest(String pathOrUrl, String... headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    JsonNode json(String text) {
        return json.readTree(text);
    }

    static String[] auth(String key, String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Authorization";
        headers[1] = "Bearer " + key;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        StringRedisTemplate redis = redis();
        AmqpAdmin admin = api.getBean(AmqpAdmin.class);
        if (worker.isActive()) {
            worker.close();
        }
        new io.darkroom.infra.messaging.BrokerTopology(names, 1).declarablesFor(ModelCatalog.builtIn()).getDeclarables()
                .forEach(declarable -> {
                    if (declarable instanceof org.springframework.amqp.core.Queue queue) {
                        admin.deleteQueue(queue.getName());
                    } else if (declarable instanceof org.springframework.amqp.core.Exchange exchange) {
                        admin.deleteExchange(exchange.getName());
                    }
                });
        try (var keys = redis.scan(ScanOptions.scanOptions().match(names.allKeysPattern()).count(500).build())) {
            keys.forEachRemaining(redis::delete);
        }
        api.close();
        providers.stop();
    }
}
