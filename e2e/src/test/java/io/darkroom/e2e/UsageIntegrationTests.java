package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: usage and costs are counted once per final state by the job lifecycle, and {@code GET /v1/usage}
 * sums to the cent what the caller's jobs cost.
 */
class UsageIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void usageCountsEachFinishedJobOnceAndItsCostEqualsTheSumOfTheJobsCosts() throws Exception {
        darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + tinyPng() + "\"}]}")));
        JsonNode key = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"usage\"}", auth(ADMIN_TOKEN)));
        String secret = key.get("secret").asString();
        long dayStart = Instant.now().getEpochSecond() / 86_400 * 86_400;

        List<String> jobIds = new ArrayList<>();
        for (String body : List.of(
                "{\"model\": \"dall-e-3\", \"prompt\": \"one\", \"size\": \"1024x1024\"}",
                "{\"model\": \"dall-e-3\", \"prompt\": \"two\", \"size\": \"1792x1024\"}",
                "{\"model\": \"dall-e-3\", \"prompt\": \"three\", \"size\": \"1024x1024\", \"quality\": \"hd\"}",
                "{\"model\": \"local/fast\", \"prompt\": \"four\", \"size\": \"256x256\", \"n\": 2}")) {
            HttpResponse<String> accepted = darkroom.post("/v1/images/generations", body, auth(secret, "Prefer", "respond-async"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            jobIds.add(darkroom.json(accepted).get("id").asString());
        }
        String canceled = darkroom.json(darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"five\", \"size\": \"256x256\"}", auth(secret, "Prefer", "respond-async")))
                .get("id").asString();
        darkroom.post("/v1/jobs/" + canceled + "/cancel", "", auth(secret));
        jobIds.add(canceled);

        BigDecimal jobsCost = BigDecimal.ZERO;
        int images = 0;
        for (String jobId : jobIds) {
            JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(secret, "Prefer", "wait=30")));
            assertThat(job.get("status").asString()).isIn("succeeded", "canceled");
            if (job.get("status").asString().equals("succeeded")) {
                jobsCost = jobsCost.add(job.get("result").get("cost_usd").decimalValue());
                images += job.get("result").get("data").size();
            }
        }
        BigDecimal expectedCost = jobsCost;
        int expectedImages = images;
        assertThat(expectedCost).as("dall-e-3 is priced").isGreaterThan(BigDecimal.ZERO);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode page = darkroom.json(darkroom.get("/v1/usage?start_time=" + dayStart, auth(secret)));
            JsonNode total = page.get("data").get(0).get("results").get(0);
            assertThat(total.get("cost_usd").decimalValue()).isEqualByComparingTo(expectedCost);
            assertThat(total.get("amount").get("value").decimalValue()).isEqualByComparingTo(expectedCost);
            assertThat(total.get("images").asInt()).isEqualTo(expectedImages);
            assertThat(total.get("num_model_requests").asInt()).isEqualTo(5);
            assertThat(total.get("jobs").get("succeeded").asInt()).isEqualTo(4);
            assertThat(total.get("jobs").get("canceled").asInt()).isEqualTo(1);
        });

        JsonNode byModel = darkroom.json(darkroom.get("/v1/usage?start_time=" + dayStart + "&group_by=model,provider", auth(secret)))
                .get("data").get(0).get("results");
        JsonNode dalle = byModel.valueStream().filter(result -> result.get("model").asString().equals("dall-e-3")).findFirst().orElseThrow();
        assertThat(dalle.get("provider").asString()).isEqualTo("openai");
        assertThat(dalle.get("images").asInt()).isEqualTo(3);
        assertThat(dalle.get("cost_usd").decimalValue()).isEqualByComparingTo(expectedCost);

        JsonNode admin = darkroom.json(darkroom.get("/admin/usage?start_time=" + dayStart + "&group_by=key_id", auth(ADMIN_TOKEN)))
                .get("data").get(0).get("results");
        JsonNode mine = admin.valueStream().filter(result -> result.get("key_id").asString().equals(key.get("id").asString()))
                .findFirst().orElseThrow();
        assertThat(mine.get("cost_usd").decimalValue()).isEqualByComparingTo(expectedCost);
    }

    @Test
    void anotherKeysUsageIsNotTheCallersAndBadParametersAre400NamingThem() {
        String other = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"usage other\"}", auth(ADMIN_TOKEN))).get("secret").asString();
        long dayStart = Instant.now().getEpochSecond() / 86_400 * 86_400;

        JsonNode page = darkroom.json(darkroom.get("/v1/usage?start_time=" + dayStart, auth(other)));

        assertThat(page.get("data").get(0).get("results")).as("a new key has used nothing").isEmpty();
        for (String query : List.of("", "?start_time=" + dayStart + "&bucket_width=1h", "?start_time=" + dayStart + "&group_by=key_id",
                "?start_time=" + dayStart + "&limit=0", "?start_time=" + dayStart + "&end_time=" + (dayStart - 10))) {
            HttpResponse<String> refused = darkroom.get("/v1/usage" + query, auth(other));
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(darkroom.json(refused).get("error").get("param").asString()).as(query).isNotBlank();
        }
    }

    private static String tinyPng() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
