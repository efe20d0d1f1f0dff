package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: a key's budget caps its spend; the expected cost is reserved when a job is accepted, so concurrent
 * requests cannot pass the cap, and at the cap new work is refused with 429 insufficient_quota before anything
 * is sent upstream. dall-e-3 at 1024x1024 costs 0.04 USD an image.
 */
class BudgetIntegrationTests {

    private static final String DALLE = "{\"model\": \"dall-e-3\", \"prompt\": \"spend\", \"size\": \"1024x1024\"}";
    private final Darkroom darkroom = Darkroom.shared();

    @BeforeEach
    void stubOpenAi() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);
        darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(png.toByteArray()) + "\"}]}")));
    }

    private JsonNode keyWithDailyBudget(String usd) {
        JsonNode key = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"budget\"}", auth(ADMIN_TOKEN)));
        HttpResponse<String> changed = darkroom.sendJson("PATCH", "/admin/keys/" + key.get("id").asString(),
                "{\"budget\": {\"daily_usd\": " + usd + "}}", auth(ADMIN_TOKEN));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        return key;
    }

    @Test
    void theJobThatPassesEightyPercentOfTheCapSendsOneSignedBudgetThresholdEvent() throws Exception {
        JsonNode key = keyWithDailyBudget("0.10");
        String secret = key.get("secret").asString();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"budget.threshold\"]}", auth(secret)));
            assertThat(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async")).statusCode()).isEqualTo(202);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).alias("nothing at 40 %")
                    .until(receiver.deliveries::isEmpty);
            assertThat(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async")).statusCode()).isEqualTo(202);
            assertThat(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async")).statusCode())
                    .as("a third would pass the cap").isEqualTo(429);

            await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.deliveries.isEmpty());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).alias("one event, not one per request")
                    .until(() -> receiver.deliveries.size() == 1);
            WebhookReceiver.Delivery delivery = receiver.deliveries.getFirst();
            new Webhook(endpoint.get("secret").asString()).verify(delivery.body(), delivery.headers());
            JsonNode event = darkroom.json(delivery.body());
            assertThat(event.get("type").asString()).isEqualTo("budget.threshold");
            JsonNode data = event.get("data");
            assertThat(data.get("key_id").asString()).isEqualTo(key.get("id").asString());
            assertThat(data.get("period").asString()).isEqualTo("daily");
            assertThat(data.get("used_usd").decimalValue()).isEqualByComparingTo("0.08");
            assertThat(data.get("cap_usd").decimalValue()).isEqualByComparingTo("0.10");

            darkroom.sendJson("PATCH", "/admin/keys/" + key.get("id").asString(), "{\"budget\": {\"daily_usd\": 0.15}}", auth(ADMIN_TOKEN));
            assertThat(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async")).statusCode())
                    .as("0.12 of a raised 0.15: past 80 % again").isEqualTo(202);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).alias("the day's 80 % was announced already")
                    .until(() -> receiver.deliveries.size() == 1);
        }
    }

    @Test
    void aBatchsLinesReserveTheirCostAsTheyRunAndThoseThatWouldPassTheCapWait() {
        JsonNode key = keyWithDailyBudget("0.10");
        String secret = key.get("secret").asString();
        StringBuilder jsonl = new StringBuilder();
        for (int line = 0; line < 4; line++) {
            jsonl.append("{\"custom_id\": \"spend-").append(line).append("\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", ")
                    .append("\"body\": ").append(DALLE).append("}\n");
        }
        String batchId = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + BatchInputs.upload(darkroom, secret, jsonl.toString())
                + "\", \"endpoint\": \"/v1/images/generations\", \"completion_window\": \"24h\"}", auth(secret))).get("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> completedLines(secret, batchId) == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).alias("0.10 USD runs two 0.04 lines, the others wait")
                .until(() -> completedLines(secret, batchId) == 2);
        assertThat(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async")).statusCode())
                .as("the lines' spend counts against the cap").isEqualTo(429);

        darkroom.post("/v1/batches/" + batchId + "/cancel", "", auth(secret));
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(darkroom.json(darkroom.get("/v1/batches/" + batchId,
                auth(secret))).get("status").asString()));
    }

    private int completedLines(String secret, String batchId) {
        return darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(secret))).get("request_counts").get("completed").asInt();
    }

    @Test
    void concurrentRequestsNeverTogetherPassTheCapAndTheRestAre429InsufficientQuota() throws Exception {
        String secret = keyWithDailyBudget("0.10").get("secret").asString();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> darkroom.post("/v1/images/generations", DALLE,
                        auth(secret, "Prefer", "respond-async")), callers));
            }
        }
        List<HttpResponse<String>> accepted = answers.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 202).toList();
        List<HttpResponse<String>> refused = answers.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 429).toList();

        assertThat(accepted).as("0.10 USD holds two 0.04 jobs, not three").hasSize(2);
        assertThat(refused).hasSize(6);
        JsonNode error = darkroom.json(refused.getFirst()).get("error");
        assertThat(error.get("code").asString()).isEqualTo("insufficient_quota");
        assertThat(error.get("type").asString()).isEqualTo("insufficient_quota");
    }

    @Test
    void finishedJobsCountTheirRealCostAndARaisedBudgetAcceptsWorkAgain() {
        JsonNode key = keyWithDailyBudget("0.05");
        String secret = key.get("secret").asString();
        String first = darkroom.json(darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async"))).get("id").asString();
        JsonNode done = darkroom.json(darkroom.get("/v1/jobs/" + first, auth(secret, "Prefer", "wait=30")));
        assertThat(done.get("status").asString()).isEqualTo("succeeded");

        HttpResponse<String> second = darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async"));
        assertThat(second.statusCode()).as("0.04 spent of 0.05: another 0.04 would pass the cap").isEqualTo(429);

        darkroom.sendJson("PATCH", "/admin/keys/" + key.get("id").asString(), "{\"budget\": {\"daily_usd\": 1}}", auth(ADMIN_TOKEN));
        HttpResponse<String> third = darkroom.post("/v1/images/generations", DALLE, auth(secret, "Prefer", "respond-async"));
        assertThat(third.statusCode()).as(third.body()).isEqualTo(202);
    }

    @Test
    void aBadBudgetIsRefused400NamingIt() {
        JsonNode key = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"budget\"}", auth(ADMIN_TOKEN)));

        HttpResponse<String> refused = darkroom.sendJson("PATCH", "/admin/keys/" + key.get("id").asString(),
                "{\"budget\": {\"monthly_usd\": -3}}", auth(ADMIN_TOKEN));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(refused).get("error").get("param").asString()).isEqualTo("budget.monthly_usd");
    }
}
