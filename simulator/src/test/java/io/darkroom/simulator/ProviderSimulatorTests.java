package io.darkroom.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProviderSimulatorTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void answersOpenAisShapeWithImagesOfTheAskedSizeAfterTheLatency() throws Exception {
        try (ProviderSimulator simulator = start(Map.of("latency-ms", "150"))) {
            long start = System.nanoTime();
            HttpResponse<String> response = post(simulator, "{\"model\": \"dall-e-3\", \"prompt\": \"x\", \"n\": 2, \"size\": \"256x128\"}");

            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.get("data")).hasSize(2);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(body.get("data").get(0).get("b64_json").asString())));
            assertThat(image.getWidth()).isEqualTo(256);
            assertThat(image.getHeight()).isEqualTo(128);
        }
    }

    @Test
    void errorRateOneFailsEveryRequestInOpenAisErrorShape() throws Exception {
        try (ProviderSimulator simulator = start(Map.of("latency-ms", "0", "error-rate", "1"))) {
            HttpResponse<String> response = post(simulator, "{\"prompt\": \"x\"}");

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json.readTree(response.body()).get("error").get("code").asString()).isEqualTo("simulated_error");
        }
    }

    @Test
    void rateLimitedAnswersCarryRetryAfter() throws Exception {
        try (ProviderSimulator simulator = start(Map.of("latency-ms", "0", "rate-limit-rate", "1", "retry-after-s", "3"))) {
            HttpResponse<String> response = post(simulator, "{\"prompt\": \"x\"}");

            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(simulator.stats().rateLimitedCount()).isEqualTo(1);
        }
    }

    @Test
    void countsTheMostRequestsInFlightAndRefusesBeyondItsOwnLimit() throws Exception {
        try (ProviderSimulator simulator = start(Map.of("latency-ms", "300", "max-concurrency", "3"))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(http.sendAsync(request(simulator, "{\"prompt\": \"x\", \"size\": \"8x8\"}"), HttpResponse.BodyHandlers.ofString()));
            }
            long refused = calls.stream().map(CompletableFuture::join).filter(response -> response.statusCode() == 429).count();

            assertThat(simulator.stats().maxInFlight()).isEqualTo(3);
            assertThat(refused).isEqualTo(3);
            assertThat(json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("max_in_flight").asInt()).isEqualTo(3);
        }
    }

    @Test
    void meanInFlightIsTakenWhileCallsKeepComing() throws Exception {
        try (ProviderSimulator simulator = start(Map.of("latency-ms", "200"))) {
            // Warm up the client's connections and the server's first-request work, so the calls enter 50 ms apart.
            List<CompletableFuture<HttpResponse<String>>> warmUp = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                warmUp.add(http.sendAsync(request(simulator, "{\"prompt\": \"x\", \"size\": \"8x8\"}"), HttpResponse.BodyHandlers.ofString()));
            }
            warmUp.forEach(CompletableFuture::join);
            simulator.stats().reset();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(http.sendAsync(request(simulator, "{\"prompt\": \"x\", \"size\": \"8x8\"}"), HttpResponse.BodyHandlers.ofString()));
                Thread.sleep(50);
            }
            calls.forEach(CompletableFuture::join);

            assertThat(simulator.stats().meanInFlightWhileCallsKeptComing()).as("1, 2, 3 in flight over the three gaps").isBetween(1.5, 2.5);
        }
    }

    @Test
    void optionsComeFromArgumentsOverEnvironment() {
        SimulatorOptions options = SimulatorOptions.parse(new String[] {"--latency-ms", "50"},
                Map.of("SIMULATOR_LATENCY_MS", "999", "SIMULATOR_ERROR_RATE", "0.25"));

        assertThat(options.latency()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.errorRate()).isEqualTo(0.25);
    }

    private ProviderSimulator start(Map<String, String> settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0"));
        settings.forEach((key, value) -> {
            args.add("--" + key);
            args.add(value);
        });
        return new ProviderSimulator(SimulatorOptions.parse(args.toArray(String[]::new), Map.of()));
    }

    private HttpResponse<String> post(ProviderSimulator simulator, String body) throws Exception {
        return http.send(request(simulator, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(ProviderSimulator simulator, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/v1/images/generations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
