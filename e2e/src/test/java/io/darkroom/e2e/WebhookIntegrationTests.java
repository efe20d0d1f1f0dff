package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** FAULTS 21-23: signed webhooks, verified by the public Standard Webhooks library; schedule, 410, 3xx, SSRF. */
class WebhookIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void completedJobIsPostedToItsWebhookUrlSignedAsStandardWebhooksWithAThinPayload() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String jobId = submit("{\"prompt\": \"notify me\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() == 1);
            WebhookReceiver.Delivery delivery = receiver.deliveries.getFirst();
            new Webhook(secret()).verify(delivery.body(), delivery.headers());
            JsonNode event = darkroom.json(delivery.body());
            assertThat(event.get("type").asString()).isEqualTo("job.succeeded");
            assertThat(event.get("data").get("id").asString()).isEqualTo(jobId);
            assertThat(event.get("data").get("result").get("data").get(0).get("url").asString()).contains("/hosted/img_");
            assertThat(delivery.body()).doesNotContain("b64_json");
            assertThat(delivery.header("webhook-id")).startsWith("msg_");
        }
    }

    @Test
    void tamperedBodyStaleTimestampOrWrongSecretFailVerification() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            submit("{\"prompt\": \"verify me\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() == 1);
            WebhookReceiver.Delivery delivery = receiver.deliveries.getFirst();
            Webhook verifier = new Webhook(secret());

            assertThatThrownBy(() -> verifier.verify(delivery.body().replace("succeeded", "failed"), delivery.headers()))
                    .isInstanceOf(WebhookVerificationException.class);
            Map<String, List<String>> stale = new HashMap<>(delivery.headers());
            stale.put("webhook-timestamp", List.of(Long.toString(Long.parseLong(delivery.header("webhook-timestamp")) - 3_600)));
            assertThatThrownBy(() -> verifier.verify(delivery.body(), stale)).isInstanceOf(WebhookVerificationException.class);
            assertThatThrownBy(() -> new Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]))
                    .verify(delivery.body(), delivery.headers())).isInstanceOf(WebhookVerificationException.class);
        }
    }

    @Test
    void receiverDownIsRetriedOnTheScheduleWithTheSameWebhookIdAndEveryAttemptIsLogged() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().answering(503, Map.of()).answering(429, Map.of("Retry-After", "2"))) {
            String jobId = submit("{\"prompt\": \"persist\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.deliveries.size() == 3);
            assertThat(receiver.deliveries).extracting(delivery -> delivery.header("webhook-id")).containsOnly(
                    receiver.deliveries.getFirst().header("webhook-id"));
            long secondAt = Long.parseLong(receiver.deliveries.get(1).header("webhook-timestamp"));
            long thirdAt = Long.parseLong(receiver.deliveries.get(2).header("webhook-timestamp"));
            assertThat(thirdAt - secondAt).as("Retry-After: 2 honoured").isGreaterThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attemptsOf(jobId)).extracting(attempt ->
                    attempt.get("outcome").asString()).containsExactly("retry", "retry", "delivered"));
            assertThat(attemptsOf(jobId).get(1).get("status").asInt()).isEqualTo(429);
        }
    }

    @Test
    void deliveryThatNeverSucceedsIsExhaustedAfterTheScheduleAndRecorded() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().answering(500, Map.of()).answering(500, Map.of())
                .answering(500, Map.of()).answering(500, Map.of())) {
            String jobId = submit("{\"prompt\": \"unlucky\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(attemptsOf(jobId)).extracting(attempt ->
                    attempt.get("outcome").asString()).containsExactly("retry", "retry", "retry", "exhausted"));
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).alias("the schedule (3 retries) and no more")
                    .until(() -> receiver.deliveries.size() == 4);
        }
    }

    @Test
    void redirectIsAFailureNotFollowed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().answering(302, Map.of("Location", "http://169.254.169.254/"))) {
            String jobId = submit("{\"prompt\": \"redirected\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveries.size() == 2);
            assertThat(attemptsOf(jobId).getFirst().get("outcome").asString()).isEqualTo("retry");
            assertThat(attemptsOf(jobId).getFirst().get("status").asInt()).isEqualTo(302);
        }
    }

    @Test
    void goneReceiverDisablesItsEndpointAndAnEventFilterIsHonoured() throws Exception {
        try (WebhookReceiver gone = new WebhookReceiver().answering(410, Map.of()); WebhookReceiver failures = new WebhookReceiver();
                WebhookReceiver witness = new WebhookReceiver()) {
            String goneId = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + gone.url() + "\"}", auth(DEV_KEY))).get("id").asString();
            String failuresId = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + failures.url() + "\", \"events\": [\"job.failed\"]}",
                    auth(DEV_KEY))).get("id").asString();
            try {
                submit("{\"prompt\": \"first\", \"size\": \"256x256\"}");
                await().atMost(Duration.ofSeconds(15)).until(() -> gone.deliveries.size() == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> darkroom.json(darkroom.get("/v1/webhooks/" + goneId, auth(DEV_KEY)))
                        .get("disabled").asBoolean());

                String witnessId = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + witness.url() + "\"}", auth(DEV_KEY)))
                        .get("id").asString();
                try {
                    String second = submit("{\"prompt\": \"second\", \"size\": \"256x256\"}");
                    await().atMost(Duration.ofSeconds(15)).alias("the second event was dispatched: its targets were chosen")
                            .until(() -> witness.deliveries.stream().anyMatch(delivery -> delivery.body().contains(second)));
                } finally {
                    darkroom.send("DELETE", "/v1/webhooks/" + witnessId, auth(DEV_KEY));
                }
                assertThat(gone.deliveries).as("disabled after 410").hasSize(1);
                assertThat(failures.deliveries).as("wants only job.failed").isEmpty();
            } finally {
                darkroom.send("DELETE", "/v1/webhooks/" + goneId, auth(DEV_KEY));
                darkroom.send("DELETE", "/v1/webhooks/" + failuresId, auth(DEV_KEY));
            }
        }
    }

    @Test
    void rotatedSecretSignsBesideTheOldOneDuringTheOverlap() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + receiver.url() + "\"}", auth(DEV_KEY)));
            String id = endpoint.get("id").asString();
            String oldSecret = endpoint.get("secret").asString();
            try {
                JsonNode rotated = darkroom.json(darkroom.post("/v1/webhooks/" + id + "/rotate_secret", "", auth(DEV_KEY)));
                String newSecret = rotated.get("secret").asString();
                assertThat(newSecret).isNotEqualTo(oldSecret).startsWith("whsec_");

                submit("{\"prompt\": \"rotation\", \"size\": \"256x256\"}");
                await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.deliveries.isEmpty());
                WebhookReceiver.Delivery delivery = receiver.deliveries.getFirst();
                assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
                new Webhook(newSecret).verify(delivery.body(), delivery.headers());
                new Webhook(oldSecret).verify(delivery.body(), delivery.headers());
            } finally {
                darkroom.send("DELETE", "/v1/webhooks/" + id, auth(DEV_KEY));
            }
        }
    }

    @Test
    void webhookToAPrivateOrMetadataAddressIsRefusedAtSendTimeAndLogged() {
        String jobId = submit("{\"prompt\": \"ssrf\", \"size\": \"256x256\", \"webhook_url\": \"http://169.254.169.254/latest/meta-data/\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> !attemptsOf(jobId).isEmpty());
        assertThat(attemptsOf(jobId).getFirst().get("outcome").asString()).isEqualTo("refused");
        assertThat(attemptsOf(jobId).getFirst().get("error").asString()).contains("private").doesNotContain("169.254");
    }

    @Test
    void replaySendsTheSameEventAgainWithTheSameWebhookId() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String jobId = submit("{\"prompt\": \"again\", \"size\": \"256x256\", \"webhook_url\": \"" + receiver.url() + "\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() == 1);

            HttpResponse<String> replay = darkroom.post("/v1/jobs/" + jobId + "/webhooks/replay", "", auth(DEV_KEY));

            assertThat(replay.statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() == 2);
            assertThat(receiver.deliveries.get(1).header("webhook-id")).isEqualTo(receiver.deliveries.get(0).header("webhook-id"));
            HttpResponse<String> foreign = darkroom.post("/v1/jobs/" + jobId + "/webhooks/replay?endpoint_id=we_someone_elses", "", auth(DEV_KEY));
            assertThat(foreign.statusCode()).as("an endpoint id not of this key").isEqualTo(404);
            assertThat(darkroom.json(foreign).get("error").get("type").asString()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void invalidWebhookUrlIsRefusedNamingIt() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations", "{\"prompt\": \"x\", \"webhook_url\": \"ftp://x\"}", auth(DEV_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("param").asString()).isEqualTo("webhook_url");
    }

    private List<JsonNode> attemptsOf(String jobId) {
        JsonNode data = darkroom.json(darkroom.get("/v1/jobs/" + jobId + "/webhooks", auth(DEV_KEY))).get("data");
        return data.isEmpty() ? List.of() : data.get(0).get("attempts").valueStream().toList();
    }

    private String secret() {
        return darkroom.json(darkroom.get("/v1/webhook_secret", auth(DEV_KEY))).get("secret").asString();
    }

    private String submit(String body) {
        return darkroom.json(darkroom.post("/v1/images/generations", body, auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
    }
}
