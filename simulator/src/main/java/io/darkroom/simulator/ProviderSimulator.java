package io.darkroom.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for OpenAI's Images API: {@code POST /v1/images/generations} and {@code /v1/images/edits}
 * answer after the configured latency with real PNGs of the asked size, or with a 500 or a 429 (with
 * {@code Retry-After}) at the configured rates, in OpenAI's error shape. {@code GET /stats} reports the
 * requests seen and the most in flight at once (a request counts from its arrival until its answer starts,
 * as a provider's own limit would); {@code POST /stats/reset} clears them.
 *
 * <p>Run: {@code java -jar simulator/target/simulator-*-exec.jar --port 9090 --latency-ms 200 --error-rate 0.05}
 */
public final class ProviderSimulator implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * One rendered PNG per size, made once: a provider renders on its own machines, so the simulator
     * should not spend the measured machine's CPU on it per call.
     */
    private static final Map<String, byte[]> PNGS = new java.util.concurrent.ConcurrentHashMap<>();

    private final SimulatorOptions options;
    private final HttpServer server;
    private final SimulatorStats stats = new SimulatorStats();
    private final Random random;

    public ProviderSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.random = new Random(options.seed());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/images/generations", this::images);
        server.createContext("/v1/images/edits", this::images);
        server.createContext("/stats", this::stats);
        server.start();
    }

    public static void main(String[] args) throws IOException {
        ProviderSimulator simulator = new ProviderSimulator(SimulatorOptions.parse(args, System.getenv()));
        System.out.println("Provider simulator (OpenAI Images wire format) on http://127.0.0.1:" + simulator.port() + "/v1 "
                + simulator.options);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public SimulatorStats stats() {
        return stats;
    }

    private void images(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            error(exchange, 405, "invalid_request_error", "method_not_allowed", "Use POST.");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!stats.enter(options.maxConcurrency())) {
            stats.rateLimited();
            tooMany(exchange);
            return;
        }
        long started = System.nanoTime();
        boolean counted = true;
        try {
            double dice;
            long sleep;
            synchronized (random) {
                dice = random.nextDouble();
                sleep = options.latency().toMillis() + (options.jitter().isZero() ? 0 : random.nextLong(options.jitter().toMillis() + 1));
            }
            if (dice < options.rateLimitRate()) {
                stats.rateLimited();
                stats.leave();
                counted = false;
                tooMany(exchange);
                return;
            }
            Thread.sleep(sleep);
            if (dice < options.rateLimitRate() + options.errorRate()) {
                stats.failed();
                stats.leave();
                counted = false;
                error(exchange, 500, "server_error", "simulated_error", "The simulator failed this request on purpose.");
                return;
            }
            Map<String, Object> answer = generated(parameters(exchange, body), options.imageSize());
            stats.served(started);
            stats.leave();
            counted = false;
            respond(exchange, 200, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(exchange, 503, "server_error", "shutting_down", "The simulator is stopping.");
        } finally {
            if (counted) {
                stats.leave();
            }
        }
    }

    private static JsonNode parameters(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            return JSON.readTree(body);
        }
        return JSON.createObjectNode();
    }

    /** @param fixedSize the size of every image answered, or empty for the size asked */
    private static Map<String, Object> generated(JsonNode request, String fixedSize) {
        int n = Math.max(1, request.path("n").asInt(1));
        String size = request.path("size").asString("1024x1024");
        String rendered = fixedSize.isEmpty() ? size : fixedSize;
        String[] sides = rendered.matches("[0-9]+x[0-9]+") ? rendered.split("x") : new String[] {"1024", "1024"};
        byte[] png = PNGS.computeIfAbsent(Math.min(Integer.parseInt(sides[0]), 4096) + "x" + Math.min(Integer.parseInt(sides[1]), 4096),
                key -> png(Integer.parseInt(key.split("x")[0]), Integer.parseInt(key.split("x")[1])));
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            data.add(Map.of("b64_json", Base64.getEncoder().encodeToString(png)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("created", Instant.now().getEpochSecond());
        answer.put("data", data);
        answer.put("size", size);
        answer.put("usage", Map.of("input_tokens", 10, "output_tokens", 1056 * n, "total_tokens", 10 + 1056 * n));
        return answer;
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, new java.awt.Color(0x2a5298), width, height, new java.awt.Color(0xf0a35e)));
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void stats(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/stats/reset")) {
            stats.reset();
        }
        respond(exchange, 200, stats.snapshot());
    }

    private void tooMany(HttpExchange exchange) throws IOException {
        if (!options.retryAfter().isZero()) {
            exchange.getResponseHeaders().add("Retry-After", Long.toString(options.retryAfter().toSeconds()));
        }
        error(exchange, 429, "requests", "rate_limit_exceeded", "Rate limit reached (simulated).");
    }

    private static void error(HttpExchange exchange, int status, String type, String code, String message) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("type", type);
        detail.put("param", null);
        detail.put("code", code);
        respond(exchange, status, Map.of("error", detail));
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
