package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: each API key's tier limits its images per minute and per day, counted in Redis across api
 * instances; over a limit the answer is OpenAI's 429 with {@code Retry-After}, and every answer carries the
 * limits. The tests' own tiers: {@code test-minute} allows 5 images a minute, {@code test-daily} 3 a day, and
 * neither limits concurrent jobs; the shipped {@code free} allows 2 unfinished jobs and n at most 4.
 */
class RateLimitIntegrationTests {

    private static final String ONE_IMAGE = "{\"model\": \"local/fast\", \"prompt\": \"counted\", \"size\": \"256x256\"}";
    private final Darkroom darkroom = Darkroom.shared();

    private JsonNode newKey(String tier) {
        HttpResponse<String> created = darkroom.post("/admin/keys", "{\"name\": \"limits\", \"tier\": \"" + tier + "\"}", auth(ADMIN_TOKEN));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return darkroom.json(created);
    }

    private HttpResponse<String> generate(String url, String key) {
        return darkroom.post(url, ONE_IMAGE, auth(key, "Prefer", "respond-async"));
    }

    @Test
    void aKeyOverItsImagesPerMinuteGets429WithRetryAfterInOpenAisShape() {
        JsonNode key = newKey("test-minute");
        assertThat(key.get("tier").asString()).isEqualTo("test-minute");
        String secret = key.get("secret").asString();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> accepted = generate("/v1/images/generations", secret);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("x-ratelimit-limit-images")).hasValue("5");
            assertThat(accepted.headers().firstValue("x-ratelimit-remaining-images")).hasValue(Integer.toString(4 - i));
        }

        HttpResponse<String> refused = generate("/v1/images/generations", secret);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(darkroom.json(refused).get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 12L);
        assertThat(refused.headers().firstValue("x-ratelimit-remaining-images")).hasValue("0");
        assertThat(refused.headers().firstValue("x-ratelimit-reset-images").orElseThrow()).matches("\\d+(ms|s)|\\d+m\\d+s");
    }

    @Test
    void twoApiInstancesShareOneKeysLimit() {
        String secret = newKey("test-minute").get("secret").asString();
        try (ConfigurableApplicationContext replica = darkroom.anotherApi()) {
            String other = Darkroom.baseUrlOf(replica) + "/v1/images/generations";
            for (int i = 0; i < 5; i++) {
                assertThat(generate(i % 2 == 0 ? "/v1/images/generations" : other, secret).statusCode()).isEqualTo(202);
            }
            assertThat(generate(other, secret).statusCode()).as("the sixth image, on either instance").isEqualTo(429);
            assertThat(generate("/v1/images/generations", secret).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aKeyOverItsImagesPerDayIsRefusedUntilTheDayEnds() {
        String secret = newKey("test-daily").get("secret").asString();
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = generate("/v1/images/generations", secret);
            assertThat(last.statusCode()).as(last.body()).isEqualTo(202);
        }
        assertThat(last.headers().firstValue("x-ratelimit-remaining-images-per-day")).hasValue("0");

        HttpResponse<String> refused = generate("/v1/images/generations", secret);

        assertThat(refused.statusCode()).isEqualTo(429);
        long untilMidnight = 86_400 - java.time.Instant.now().getEpochSecond() % 86_400;
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(untilMidnight - 5, untilMidnight + 5);
    }

    @Test
    void aTierChangedThroughTheAdminApiAppliesToTheNextRequest() {
        JsonNode key = newKey("test-minute");
        String secret = key.get("secret").asString();
        for (int i = 0; i < 5; i++) {
            generate("/v1/images/generations", secret);
        }
        assertThat(generate("/v1/images/generations", secret).statusCode()).isEqualTo(429);

        HttpResponse<String> changed = darkroom.sendJson("PATCH", "/admin/keys/" + key.get("id").asString(), "{\"tier\": \"pro\"}",
                auth(ADMIN_TOKEN));

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        HttpResponse<String> next = generate("/v1/images/generations", secret);
        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
        assertThat(next.headers().firstValue("x-ratelimit-limit-images")).hasValue("1200");
    }

    @Test
    void nAboveTheTiersLargestIs400NamingNAndCountsNothing() {
        String secret = newKey("free").get("secret").asString();

        HttpResponse<String> refused = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/fast\", \"prompt\": \"many\", \"size\": \"256x256\", \"n\": 5}", auth(secret, "Prefer", "respond-async"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(refused).get("error").get("param").asString()).isEqualTo("n");
        HttpResponse<String> models = darkroom.get("/v1/models", auth(secret));
        assertThat(models.headers().firstValue("x-ratelimit-remaining-images")).as("headers on every answer; nothing counted")
                .hasValue("5");
    }

    @Test
    void anUnknownTierIsRefused400NamingTier() {
        HttpResponse<String> refused = darkroom.post("/admin/keys", "{\"name\": \"x\", \"tier\": \"platinum\"}", auth(ADMIN_TOKEN));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(refused).get("error").get("param").asString()).isEqualTo("tier");
    }

    @Test
    void aKeyAtItsConcurrentJobsIsRefused429UntilOneOfThemFinishes() {
        String secret = newKey("free").get("secret").asString();
        String slow = "{\"model\": \"local/slow\", \"prompt\": \"one at a time\", \"size\": \"256x256\"}";
        String first = darkroom.json(darkroom.post("/v1/images/generations", slow, auth(secret, "Prefer", "respond-async"))).get("id").asString();
        assertThat(darkroom.post("/v1/images/generations", slow, auth(secret, "Prefer", "respond-async")).statusCode()).isEqualTo(202);

        HttpResponse<String> third = darkroom.post("/v1/images/generations", slow, auth(secret, "Prefer", "respond-async"));

        assertThat(third.statusCode()).as(third.body()).isEqualTo(429);
        assertThat(darkroom.json(third).get("error").get("message").asString()).contains("concurrent jobs");
        assertThat(third.headers().firstValue("x-ratelimit-remaining-images")).as("the refused request counted nothing").isEmpty();
        assertThat(darkroom.json(darkroom.get("/v1/jobs/" + first, auth(secret, "Prefer", "wait=30"))).get("status").asString())
                .isEqualTo("succeeded");
        HttpResponse<String> afterOneFinished = darkroom.post("/v1/images/generations", slow, auth(secret, "Prefer", "respond-async"));
        assertThat(afterOneFinished.statusCode()).as(afterOneFinished.body()).isEqualTo(202);
        assertThat(afterOneFinished.headers().firstValue("x-ratelimit-remaining-images")).as("three images counted of five").hasValue("2");
    }
}
