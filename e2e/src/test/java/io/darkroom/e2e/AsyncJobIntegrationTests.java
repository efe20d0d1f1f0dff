package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AsyncJobIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void respondAsyncAnswers202WithTheJobAndItsLocationThenThePollSeesItSucceed() {
        HttpResponse<String> accepted = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"fog\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "respond-async"));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode job = darkroom.json(accepted);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/v1/jobs/" + job.get("id").asString());
        assertThat(job.get("status").asString()).isEqualTo("queued");
        assertThat(accepted.headers().firstValue("Preference-Applied")).hasValue("respond-async");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(darkroom.json(darkroom.get(location, auth(DEV_KEY))).get("status").asString()).isEqualTo("succeeded"));
        JsonNode done = darkroom.json(darkroom.get(location, auth(DEV_KEY)));
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("result").get("data").get(0).get("url").asString()).contains("/hosted/img_");
        assertThat(done.get("result").get("latency_ms").asLong()).isGreaterThanOrEqualTo(Darkroom.SLOW_LATENCY.toMillis());
    }

    @Test
    void bulkPriorityPutsTheJobOnTheBulkLaneAndProviderOrderIsKept() {
        HttpResponse<String> accepted = darkroom.post("/v1/images/generations",
                "{\"prompt\": \"later\", \"size\": \"256x256\", \"priority\": \"bulk\","
                        + " \"provider\": {\"order\": [\"local\"], \"allow_fallbacks\": false}}",
                auth(DEV_KEY, "Prefer", "respond-async"));

        JsonNode job = darkroom.json(accepted);
        assertThat(job.get("lane").asString()).isEqualTo("bulk");
        assertThat(job.get("request").get("provider").get("order").get(0).asString()).isEqualTo("local");
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(darkroom.json(darkroom.get(location, auth(DEV_KEY, "Prefer", "wait=20"))).get("status").asString())
                .isEqualTo("succeeded");
    }

    @Test
    void preferWaitShorterThanTheJobAnswers202WithTheUnfinishedJob() {
        long start = System.nanoTime();
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"rain\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "wait=1"));
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(darkroom.json(response).get("status").asString()).isIn("queued", "running");
        assertThat(waitedMillis).isBetween(900L, Darkroom.SLOW_LATENCY.toMillis() + 1500);
    }

    @Test
    void preferWaitLongerThanTheJobAnswersTheFinishedImages() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"snow\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "wait=30"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(darkroom.json(response).get("data")).hasSize(1);
    }

    @Test
    void getWithPreferWaitLongPollsUntilTheJobIsFinal() {
        String id = darkroom.json(darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"dusk\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();

        HttpResponse<String> polled = darkroom.get("/v1/jobs/" + id, auth(DEV_KEY, "Prefer", "wait=30"));

        assertThat(polled.statusCode()).isEqualTo(200);
        assertThat(darkroom.json(polled).get("status").asString()).isEqualTo("succeeded");
    }
}
