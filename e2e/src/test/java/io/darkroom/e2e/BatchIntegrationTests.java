package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchListPage;
import com.openai.models.batches.BatchListParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Batch API for image generations, driven by the official OpenAI Java SDK where it can be. */
class BatchIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();
    private final OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(darkroom.baseUrl() + "/v1").apiKey(DEV_KEY)
            .maxRetries(0).timeout(Duration.ofSeconds(60)).build();

    @Test
    void sdkUploadsAFileRunsABatchAndReadsItsOutputFile() throws IOException {
        String jsonl = line("cat", "a cat") + line("dog", "a dog") + line("owl", "an owl");
        String fileId = client.files().create(FileCreateParams.builder().file(jsonl.getBytes(StandardCharsets.UTF_8))
                .purpose(FilePurpose.BATCH).build()).id();

        Batch created = client.batches().create(BatchCreateParams.builder().inputFileId(fileId)
                .endpoint(BatchCreateParams.Endpoint.V1_IMAGES_GENERATIONS).completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> Batch.Status.COMPLETED.equals(client.batches().retrieve(created.id()).status()));

        Batch done = client.batches().retrieve(created.id());
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(3);
        String output;
        try (HttpResponse content = client.files().content(done.outputFileId().orElseThrow())) {
            output = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
        }
        List<JsonNode> rows = output.lines().map(darkroom::json).toList();
        assertThat(rows).extracting(row -> row.get("custom_id").asString()).containsExactly("cat", "dog", "owl");
        assertThat(rows).allSatisfy(row -> assertThat(row.get("response").get("status_code").asInt()).isEqualTo(200));
        String url = rows.getFirst().get("response").get("body").get("data").get(0).get("url").asString();
        assertThat(Images.decode(darkroom.getBytes(url).body()).getWidth()).isEqualTo(256);
    }

    @Test
    void fileWithBadLinesFailsValidationWithOneErrorPerLine() {
        String jsonl = line("good", "fine") + "{\"custom_id\": \"bad\", \"method\": \"POST\", \"url\": \"/v1/images/generations\","
                + " \"body\": {\"prompt\": \"x\", \"size\": \"7x7\"}}\n" + line("good", "duplicate id") + "not json\n";
        String fileId = upload(jsonl);

        JsonNode created = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/images/generations\", \"completion_window\": \"24h\"}", auth(DEV_KEY)));
        assertThat(created.get("status").asString()).as("answered at once, checked in the background").isEqualTo("validating");
        JsonNode batch = validated(created.get("id").asString());

        assertThat(batch.get("status").asString()).isEqualTo("failed");
        List<JsonNode> errors = batch.get("errors").get("data").valueStream().toList();
        assertThat(errors).extracting(error -> error.get("line").asInt()).containsExactly(2, 3, 4);
        assertThat(errors.getFirst().get("param").asString()).isEqualTo("body.size");
        assertThat(errors.get(1).get("param").asString()).isEqualTo("custom_id");
        assertThat(errors).extracting(error -> error.path("custom_id").asString(null)).containsExactly("bad", "good", null);
        assertThat(errors.get(2).has("param")).as("a line that is no JSON names no parameter").isFalse();
    }

    @Test
    void progressIsCountedByTheLinesAsTheyFinishExactlyOnceEach() {
        darkroom.stopWorker();
        String batchId;
        try {
            batchId = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(line("a", "a") + line("b", "b")
                    + line("c", "c") + line("d", "d")) + "\", \"endpoint\": \"/v1/images/generations\"}", auth(DEV_KEY))).get("id").asString();
            validated(batchId);
            String firstJob = darkroom.redis().opsForList().index(darkroom.namespace + ":batch:" + batchId + ":lines", 0).split("\t")[1];
            assertThat(darkroom.post("/v1/jobs/" + firstJob + "/cancel", "", auth(DEV_KEY)).statusCode()).isEqualTo(200);
            assertThat(darkroom.post("/v1/jobs/" + firstJob + "/cancel", "", auth(DEV_KEY)).statusCode()).as("already final").isEqualTo(409);

            JsonNode running = darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)));
            assertThat(running.get("status").asString()).isEqualTo("in_progress");
            assertThat(running.get("request_counts").get("failed").asInt()).isEqualTo(1);
            assertThat(running.get("request_counts").get("completed").asInt()).isZero();
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)))
                .get("status").asString().equals("completed"));
        JsonNode done = darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)));
        assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(3);
        assertThat(done.get("request_counts").get("failed").asInt()).isEqualTo(1);
        Map<Object, Object> counters = darkroom.redis().opsForHash().entries(darkroom.namespace + ":batch:" + batchId);
        assertThat(counters).containsEntry("done_succeeded", "3").containsEntry("done_canceled", "1").doesNotContainKey("done_failed");
    }

    @Test
    void askedToRunTheValidLinesABatchRunsThemAndReportsTheRefusedOnesAsFailed() throws IOException {
        String jsonl = line("ok-1", "fine") + "{\"custom_id\": \"bad\", \"method\": \"POST\", \"url\": \"/v1/images/generations\","
                + " \"body\": {\"prompt\": \"x\", \"size\": \"7x7\"}}\n" + line("ok-2", "also fine");

        JsonNode batch = validated(darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(jsonl)
                + "\", \"endpoint\": \"/v1/images/generations\", \"run_valid_lines\": true}", auth(DEV_KEY))).get("id").asString());

        assertThat(batch.get("status").asString()).isIn("in_progress", "completed");
        assertThat(batch.get("errors").get("data").get(0).get("param").asString()).isEqualTo("body.size");
        String batchId = batch.get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> Batch.Status.COMPLETED.equals(client.batches().retrieve(batchId).status()));
        Batch done = client.batches().retrieve(batchId);
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(2);
        assertThat(done.requestCounts().orElseThrow().failed()).isEqualTo(1);
        String errors;
        try (HttpResponse content = client.files().content(done.errorFileId().orElseThrow())) {
            errors = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode refused = darkroom.json(errors.lines().findFirst().orElseThrow());
        assertThat(refused.get("custom_id").asString()).isEqualTo("bad");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("invalid_value");
        String output;
        try (HttpResponse content = client.files().content(done.outputFileId().orElseThrow())) {
            output = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(output.lines().map(darkroom::json).map(row -> row.get("custom_id").asString()).toList()).containsExactly("ok-1", "ok-2");
    }

    @Test
    void withoutTheOptionOneRefusedLineStillFailsTheWholeBatch() {
        String jsonl = line("ok", "fine") + "{\"custom_id\": \"bad\", \"method\": \"POST\", \"url\": \"/v1/images/generations\","
                + " \"body\": {\"prompt\": \"x\", \"size\": \"7x7\"}}\n";

        JsonNode batch = validated(darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(jsonl)
                + "\", \"endpoint\": \"/v1/images/generations\", \"run_valid_lines\": false}", auth(DEV_KEY))).get("id").asString());

        assertThat(batch.get("status").asString()).isEqualTo("failed");
        assertThat(batch.get("request_counts").get("total").asInt()).isZero();
    }

    @Test
    void batchNobodyReadsIsFinalizedAndExpiredByTheSweeper() {
        String done = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(line("x", "x") + line("y", "y"))
                + "\", \"endpoint\": \"/v1/images/generations\"}", auth(DEV_KEY))).get("id").asString();
        String batchKey = darkroom.namespace + ":batch:";
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(darkroom.redis().opsForHash().get(batchKey + done, "status")).isEqualTo("completed");
            assertThat(darkroom.redis().opsForHash().get(batchKey + done, "output_file_id")).isNotNull();
        });

        darkroom.stopWorker();
        String late;
        try {
            late = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(line("z", "z"))
                    + "\", \"endpoint\": \"/v1/images/generations\"}", auth(DEV_KEY))).get("id").asString();
            long dayAgo = java.time.Instant.now().minus(Duration.ofHours(25)).getEpochSecond();
            darkroom.redis().opsForHash().put(batchKey + late, "created_at", Long.toString(dayAgo));
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(darkroom.redis().opsForHash().get(batchKey + late, "status")).isEqualTo("expired"));
        } finally {
            darkroom.startWorker();
        }
        assertThat(darkroom.redis().opsForZSet().score(darkroom.namespace + ":batches:open", done)).as("closed once final").isNull();
        assertThat(darkroom.redis().opsForZSet().score(darkroom.namespace + ":batches:open", late)).isNull();
    }

    @Test
    void cancelledBatchStopsEveryLineNotYetFinished() {
        darkroom.stopWorker();
        String batchId;
        try {
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                jsonl.append(line("slow-" + i, "slow " + i));
            }
            batchId = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(jsonl.toString())
                    + "\", \"endpoint\": \"/v1/images/generations\"}", auth(DEV_KEY))).get("id").asString();
            assertThat(validated(batchId).get("status").asString()).isEqualTo("in_progress");

            JsonNode cancelling = darkroom.json(darkroom.post("/v1/batches/" + batchId + "/cancel", "", auth(DEV_KEY)));
            assertThat(cancelling.get("status").asString()).isIn("cancelling", "cancelled");
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)))
                .get("status").asString().equals("cancelled"));
        JsonNode batch = darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)));
        assertThat(batch.get("request_counts").get("failed").asInt()).isEqualTo(5);
        assertThat(batch.get("error_file_id").asString()).startsWith("file-");
    }

    @Test
    void batchStillUnfinishedWhenItsCompletionWindowEndsExpiresWithEveryOpenLineInTheErrorFile() throws IOException {
        darkroom.stopWorker();
        String batchId;
        try {
            batchId = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(line("late-1", "late") + line("late-2", "later"))
                    + "\", \"endpoint\": \"/v1/images/generations\"}", auth(DEV_KEY))).get("id").asString();
            assertThat(validated(batchId).get("status").asString()).isEqualTo("in_progress");
            // Twenty-five hours pass: the batch was created before the 24-hour window it was given.
            long dayAgo = java.time.Instant.now().minus(Duration.ofHours(25)).getEpochSecond();
            darkroom.redis().opsForHash().put(darkroom.namespace + ":batch:" + batchId, "created_at", Long.toString(dayAgo));

            // The first reader or the api's sweeper ends it, whichever wins its move: a reader that lost the race
            // sees it finalizing (expiring) for a moment.
            Batch expired = await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.batches().retrieve(batchId), batch -> Batch.Status.EXPIRED.equals(batch.status()));

            assertThat(expired.status()).isEqualTo(Batch.Status.EXPIRED);
            assertThat(expired.expiredAt()).isPresent();
            assertThat(expired.expiresAt().orElseThrow()).isEqualTo(dayAgo + 24 * 3600);
            assertThat(expired.requestCounts().orElseThrow().failed()).isEqualTo(2);
            assertThat(expired.outputFileId()).isEmpty();
            String errors;
            try (HttpResponse content = client.files().content(expired.errorFileId().orElseThrow())) {
                errors = new String(content.body().readAllBytes(), StandardCharsets.UTF_8);
            }
            List<JsonNode> rows = errors.lines().map(darkroom::json).toList();
            assertThat(rows).extracting(row -> row.get("custom_id").asString()).containsExactly("late-1", "late-2");
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.get("error").get("code").asString()).isEqualTo("batch_expired");
                assertThat(row.hasNonNull("response")).isFalse();
            });
        } finally {
            darkroom.startWorker();
        }
        assertThat(darkroom.post("/v1/batches/" + batchId + "/cancel", "", auth(DEV_KEY)).statusCode()).isEqualTo(409);
    }

    @Test
    void anotherKeySeesNoneOfMyBatchesOrFiles() {
        String fileId = upload(line("mine", "mine"));
        String other = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"batch outsider\"}", auth(Darkroom.ADMIN_TOKEN)))
                .get("secret").asString();

        assertThat(darkroom.get("/v1/files/" + fileId, auth(other)).statusCode()).isEqualTo(404);
        assertThat(darkroom.get("/v1/files/" + fileId + "/content", auth(other)).statusCode()).isEqualTo(404);
        assertThat(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"/v1/images/generations\"}",
                auth(other)).statusCode()).isEqualTo(400);
    }

    @Test
    void batchListPagesThroughEveryBatchOfTheKeyWithLimitAndAfter() {
        String key = darkroom.json(darkroom.post("/admin/keys", "{\"name\": \"batch lister\"}", auth(Darkroom.ADMIN_TOKEN)))
                .get("secret").asString();
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Multipart form = new Multipart().field("purpose", "batch").file("file", "input.jsonl", "application/jsonl",
                    "not json\n".getBytes(StandardCharsets.UTF_8));
            String fileId = darkroom.json(darkroom.postMultipart("/v1/files", form, auth(key))).get("id").asString();
            created.add(darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                    + "\", \"endpoint\": \"/v1/images/generations\"}", auth(key))).get("id").asString());
        }
        OpenAIClient lister = OpenAIOkHttpClient.builder().baseUrl(darkroom.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();

        BatchListPage firstPage = lister.batches().list(BatchListParams.builder().limit(2).build());
        List<String> paged = lister.batches().list(BatchListParams.builder().limit(2).build()).autoPager().stream()
                .map(Batch::id).toList();

        assertThat(firstPage.data()).hasSize(2);
        assertThat(firstPage.hasNextPage()).isTrue();
        assertThat(paged).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        assertThat(paged.getFirst()).isEqualTo(created.getLast());
        JsonNode badLimit = darkroom.json(darkroom.get("/v1/batches?limit=0", auth(key)));
        assertThat(badLimit.get("error").get("param").asString()).isEqualTo("limit");
        assertThat(darkroom.get("/v1/batches?after=batch_unknown", auth(key)).statusCode()).isEqualTo(400);
    }

    /** The batch once it left validating. */
    private JsonNode validated(String batchId) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> !darkroom.json(darkroom.get("/v1/batches/"
                + batchId, auth(DEV_KEY))).get("status").asString().equals("validating"));
        return darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)));
    }

    private String upload(String jsonl) {
        return BatchInputs.upload(darkroom, jsonl);
    }

    private static String line(String customId, String prompt) {
        return BatchInputs.line(customId, prompt);
    }
}
