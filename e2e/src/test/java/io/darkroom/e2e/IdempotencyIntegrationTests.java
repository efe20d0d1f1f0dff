package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 13: {@code Idempotency-Key} on the POSTs that create work, per the IETF httpapi draft. */
class IdempotencyIntegrationTests {

    private static final String GENERATION = "{\"model\": \"local/fast\", \"prompt\": \"a kept promise\", \"size\": \"256x256\"}";
    private final Darkroom darkroom = Darkroom.shared();

    private static String newKey() {
        return "test-" + UUID.randomUUID();
    }

    private double jobsSubmitted() {
        return darkroom.apiBean(MeterRegistry.class).find("darkroom.jobs.submitted").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    @Test
    void sameKeyAndSameRequestAnswersWithTheFirstJobAndMakesNoOther() {
        String key = newKey();
        double before = jobsSubmitted();
        HttpResponse<String> first = darkroom.post("/v1/images/generations", GENERATION,
                auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"));
        HttpResponse<String> retry = darkroom.post("/v1/images/generations",
                "{ \"size\":\"256x256\",   \"prompt\": \"a kept promise\", \"model\":\"local/fast\" }",
                auth(DEV_KEY, "Idempotency-Key", "\"" + key + "\"", "Prefer", "respond-async"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        assertThat(darkroom.json(retry).get("id").asString()).as("the same job, its JSON's key order and spacing aside")
                .isEqualTo(darkroom.json(first).get("id").asString());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(jobsSubmitted() - before).as("one job accepted for two requests").isEqualTo(1.0);
    }

    @Test
    void aSyncRetryWaitsForTheFirstAttemptsJobAndAnswersWithItsImages() throws Exception {
        String key = newKey();
        String slow = "{\"model\": \"local/slow\", \"prompt\": \"worth the wait\", \"size\": \"256x256\"}";
        double before = jobsSubmitted();
        String jobId = darkroom.json(darkroom.post("/v1/images/generations", slow,
                auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"))).get("id").asString();

        CompletableFuture<HttpResponse<String>> retries = CompletableFuture.supplyAsync(() ->
                darkroom.post("/v1/images/generations", slow, auth(DEV_KEY, "Idempotency-Key", key)));
        HttpResponse<String> retry = retries.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(darkroom.json(retry).get("data")).hasSize(1);
        JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
        assertThat(job.get("status").asString()).isEqualTo("succeeded");
        assertThat(darkroom.json(retry).get("created").asLong()).as("the images of the first attempt's job")
                .isEqualTo(job.get("finished_at").asLong());
        assertThat(jobsSubmitted() - before).isEqualTo(1.0);
    }

    @Test
    void sameKeyWithAnotherRequestIsRefused422NamingTheHeader() {
        String key = newKey();
        darkroom.post("/v1/images/generations", GENERATION, auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"));

        HttpResponse<String> other = darkroom.post("/v1/images/generations", GENERATION.replace("a kept promise", "another thing"),
                auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"));

        assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
        JsonNode error = darkroom.json(other).get("error");
        assertThat(error.get("code").asString()).isEqualTo("idempotency_key_reused");
        assertThat(error.get("param").asString()).isEqualTo("Idempotency-Key");
    }

    @Test
    void aKeyIsScopedToItsApiKey() {
        String key = newKey();
        String other = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"idempotency scope\"}", auth(Darkroom.ADMIN_TOKEN)))
                .get("secret").asString();
        String mine = darkroom.json(darkroom.post("/v1/images/generations", GENERATION,
                auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"))).get("id").asString();

        HttpResponse<String> theirs = darkroom.post("/v1/images/generations", GENERATION,
                auth(other, "Idempotency-Key", key, "Prefer", "respond-async"));

        assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(202);
        assertThat(darkroom.json(theirs).get("id").asString()).isNotEqualTo(mine);
        assertThat(theirs.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aFileUploadRetriedWithItsKeyReturnsTheSameFileThoughTheMultipartBoundaryChanged() {
        String key = newKey();
        byte[] jsonl = BatchInputs.line("one", "a harbour").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = darkroom.postMultipart("/v1/files", new Multipart().field("purpose", "batch")
                .file("file", "input.jsonl", "application/jsonl", jsonl), auth(DEV_KEY, "Idempotency-Key", key));
        HttpResponse<String> retry = darkroom.postMultipart("/v1/files", new Multipart().field("purpose", "batch")
                .file("file", "input.jsonl", "application/jsonl", jsonl), auth(DEV_KEY, "Idempotency-Key", key));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(darkroom.json(retry).get("id").asString()).isEqualTo(darkroom.json(first).get("id").asString());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void aCancelRetriedWithItsKeyReplaysItsAnswerInsteadOfA409() {
        String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"never mind\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
        String key = newKey();

        HttpResponse<String> first = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY, "Idempotency-Key", key));
        HttpResponse<String> retry = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY, "Idempotency-Key", key));
        HttpResponse<String> unkeyed = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(unkeyed.statusCode()).as("without the key, a second cancel is a conflict").isEqualTo(409);
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillInFlightGets409() {
        String jobId = darkroom.json(darkroom.post("/v1/images/generations", GENERATION, auth(DEV_KEY, "Prefer", "respond-async")))
                .get("id").asString();
        String done = newKey();
        darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY, "Idempotency-Key", done));
        String fingerprint = recordOf(done).get("fingerprint");
        String inFlight = newKey();
        String record = recordKey(inFlight);
        darkroom.redis().opsForHash().putAll(record, Map.of("fingerprint", fingerprint, "state", "in_flight"));
        darkroom.redis().expire(record, java.time.Duration.ofMinutes(1));

        HttpResponse<String> retry = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY, "Idempotency-Key", inFlight));

        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(darkroom.json(retry).get("error").get("code").asString()).isEqualTo("idempotency_key_in_use");
        assertThat(retry.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aKeyIsHonouredByAnotherApiInstanceAndAcrossAnApiRestart() {
        String key = newKey();
        String firstId;
        try (ConfigurableApplicationContext replica = darkroom.anotherApi()) {
            firstId = darkroom.json(darkroom.post(Darkroom.baseUrlOf(replica) + "/v1/images/generations", GENERATION,
                    auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"))).get("id").asString();
            HttpResponse<String> onTheOther = darkroom.post("/v1/images/generations", GENERATION,
                    auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"));
            assertThat(darkroom.json(onTheOther).get("id").asString()).as("the replica's job, found by the shared api").isEqualTo(firstId);
        }
        try (ConfigurableApplicationContext restarted = darkroom.anotherApi()) {
            HttpResponse<String> afterRestart = darkroom.post(Darkroom.baseUrlOf(restarted) + "/v1/images/generations", GENERATION,
                    auth(DEV_KEY, "Idempotency-Key", key, "Prefer", "respond-async"));
            assertThat(afterRestart.statusCode()).isEqualTo(202);
            assertThat(darkroom.json(afterRestart).get("id").asString()).isEqualTo(firstId);
        }
    }

    @Test
    void anUnusableKeyIsRefused400NamingTheHeader() {
        HttpResponse<String> tooLong = darkroom.post("/v1/images/generations", GENERATION,
                auth(DEV_KEY, "Idempotency-Key", "k".repeat(256)));

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(tooLong).get("error").get("param").asString()).isEqualTo("Idempotency-Key");
    }

    private String recordKey(String idempotencyKey) {
        String digest = java.util.HexFormat.of().formatHex(sha256(idempotencyKey));
        return darkroom.names.idempotencyKey("key_development", digest);
    }

    private Map<String, String> recordOf(String idempotencyKey) {
        Map<Object, Object> raw = darkroom.redis().opsForHash().entries(recordKey(idempotencyKey));
        Map<String, String> record = new java.util.HashMap<>();
        raw.forEach((field, value) -> record.put(String.valueOf(field), String.valueOf(value)));
        return record;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
