package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Batches beyond the SDK's calls: events, results while running, edits, resuming a submission, retention. */
class BatchLifecycleIntegrationTests {

    private static final int GREEN = 0xFF00AA00;

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void completedBatchPostsASignedBatchCompletedEventWithTheBatchAsData() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"batch.completed\", \"batch.failed\"]}", auth(DEV_KEY)));
            try {
                String done = create(upload(line("e-1", "one") + line("e-2", "two")), "/v1/images/generations", false);
                String refused = create(upload("not json\n"), "/v1/images/generations", false);

                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveries.size() >= 2);
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).alias("no third event (job events were not asked for)")
                        .until(() -> receiver.deliveries.size() == 2);
                List<JsonNode> events = new ArrayList<>();
                for (WebhookReceiver.Delivery delivery : receiver.deliveries) {
                    new Webhook(endpoint.get("secret").asString()).verify(delivery.body(), delivery.headers());
                    events.add(darkroom.json(delivery.body()));
                }
                assertThat(events).as("one event per batch, no job events (not asked for)").hasSize(2);
                JsonNode completed = events.stream().filter(event -> event.get("data").get("id").asString().equals(done)).findFirst().orElseThrow();
                assertThat(completed.get("type").asString()).isEqualTo("batch.completed");
                assertThat(completed.get("data").get("request_counts").get("completed").asInt()).isEqualTo(2);
                assertThat(completed.get("data").get("output_file_id").asString()).startsWith("file-");
                JsonNode failed = events.stream().filter(event -> event.get("data").get("id").asString().equals(refused)).findFirst().orElseThrow();
                assertThat(failed.get("type").asString()).isEqualTo("batch.failed");
                assertThat(failed.get("data").get("errors").get("data").get(0).get("code").asString()).isEqualTo("invalid_json");
            } finally {
                darkroom.send("DELETE", "/v1/webhooks/" + endpoint.get("id").asString(), auth(DEV_KEY));
            }
        }
    }

    @Test
    void finalBatchWhoseEventWasCutOffIsSentByTheSweeper() throws Exception {
        String batchId = create(upload(line("c-1", "cut off")), "/v1/images/generations", false);
        awaitStatus(batchId, "completed");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonNode endpoint = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + receiver.url()
                    + "\", \"events\": [\"batch.completed\"]}", auth(DEV_KEY)));
            try {
                // As if the api died a while ago after the move that ended the batch, before its event went out.
                String batchKey = darkroom.namespace + ":batch:" + batchId;
                darkroom.redis().opsForHash().delete(batchKey, "event_sent_at");
                darkroom.redis().opsForHash().put(batchKey, "event_sender", Long.toString(System.currentTimeMillis() - Duration.ofHours(1).toMillis()));
                darkroom.redis().opsForZSet().add(darkroom.namespace + ":batches:open", batchId, System.currentTimeMillis());

                await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.deliveries.isEmpty());
                JsonNode event = darkroom.json(receiver.deliveries.getFirst().body());
                assertThat(event.get("type").asString()).isEqualTo("batch.completed");
                assertThat(event.get("data").get("id").asString()).isEqualTo(batchId);
                assertThat(event.get("timestamp").asString()).as("the event the batch's end recorded, not a new one")
                        .isEqualTo(darkroom.redis().opsForHash().get(batchKey, "event_timestamp"));
                await().atMost(Duration.ofSeconds(5)).until(() -> darkroom.redis().opsForZSet()
                        .score(darkroom.namespace + ":batches:open", batchId) == null);
            } finally {
                darkroom.send("DELETE", "/v1/webhooks/" + endpoint.get("id").asString(), auth(DEV_KEY));
            }
        }
    }

    @Test
    void batchWithoutAnEndpointIsRefusedNamingIt() {
        var answer = darkroom.post("/v1/batches", "{\"input_file_id\": \"" + upload(line("n-1", "x")) + "\"}", auth(DEV_KEY));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(answer).get("error").get("param").asString()).isEqualTo("endpoint");
    }

    @Test
    void unknownBatchEventIsRefusedNamingTheParameter() {
        JsonNode refused = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"https://example.com/hook\", \"events\": [\"batch.done\"]}",
                auth(DEV_KEY)));

        assertThat(refused.get("error").get("param").asString()).isEqualTo("events");
        assertThat(refused.get("error").get("message").asString()).contains("batch.completed");
    }

    @Test
    void finishedLinesAreReadableWhileTheBatchRunsAndPageOnceEachInFinishingOrder() {
        darkroom.stopWorker();
        String batchId;
        try {
            batchId = create(upload(line("r-1", "one") + line("r-2", "two") + line("r-3", "three")), "/v1/images/generations", false);
            awaitStatus(batchId, "in_progress");
            String secondJob = darkroom.redis().opsForList().index(darkroom.namespace + ":batch:" + batchId + ":lines", 1).split("\t")[1];
            darkroom.post("/v1/jobs/" + secondJob + "/cancel", "", auth(DEV_KEY));

            JsonNode early = darkroom.json(darkroom.get("/v1/batches/" + batchId + "/results", auth(DEV_KEY)));

            assertThat(early.get("data").valueStream().map(row -> row.get("custom_id").asString()).toList()).containsExactly("r-2");
            assertThat(early.get("data").get(0).get("response").get("body").get("error").get("code").asString()).isEqualTo("canceled");
            assertThat(early.get("has_more").asBoolean()).isFalse();
            JsonNode nothingNew = darkroom.json(darkroom.get("/v1/batches/" + batchId + "/results?after="
                    + early.get("next_cursor").asString(), auth(DEV_KEY)));
            assertThat(nothingNew.get("data").isEmpty()).isTrue();
            assertThat(nothingNew.get("next_cursor").asString()).isEqualTo(early.get("next_cursor").asString());
        } finally {
            darkroom.startWorker();
        }
        awaitStatus(batchId, "completed");

        List<String> paged = new ArrayList<>();
        String cursor = "";
        JsonNode page;
        do {
            page = darkroom.json(darkroom.get("/v1/batches/" + batchId + "/results?limit=2&after=" + cursor, auth(DEV_KEY)));
            page.get("data").valueStream().forEach(row -> {
                paged.add(row.get("custom_id").asString());
                if (!row.get("custom_id").asString().equals("r-2")) {
                    assertThat(row.get("response").get("status_code").asInt()).isEqualTo(200);
                    assertThat(row.get("response").get("body").get("data").get(0).get("url").asString()).contains("/hosted/");
                }
            });
            cursor = page.get("next_cursor").asString();
        } while (page.get("has_more").asBoolean());
        assertThat(paged).hasSize(3).doesNotHaveDuplicates().first().isEqualTo("r-2");
        assertThat(paged).containsExactlyInAnyOrder("r-1", "r-2", "r-3");
        assertThat(darkroom.json(darkroom.get("/v1/batches/" + batchId + "/results?after=x", auth(DEV_KEY))).get("error").get("param")
                .asString()).isEqualTo("after");
    }

    @Test
    void editBatchEditsEveryLineAndRefusesOneWhoseImageIsNotAnImageNamingIt() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.solidPng(64, 64, GREEN, false));
        String notAnImage = "data:image/png;base64," + Base64.getEncoder().encodeToString("no pixels here".getBytes(StandardCharsets.UTF_8));
        String jsonl = editLine("edit-1", image) + editLine("edit-2", notAnImage) + editLine("edit-3", image);

        String batchId = create(upload(jsonl), "/v1/images/edits", true);
        JsonNode done = awaitStatus(batchId, "completed");

        assertThat(done.get("endpoint").asString()).isEqualTo("/v1/images/edits");
        assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(2);
        assertThat(done.get("request_counts").get("failed").asInt()).isEqualTo(1);
        JsonNode refused = done.get("errors").get("data").get(0);
        assertThat(refused.get("custom_id").asString()).isEqualTo("edit-2");
        assertThat(refused.get("param").asString()).isEqualTo("body.images[0].image_url");
        String output = new String(darkroom.getBytes("/v1/files/" + done.get("output_file_id").asString() + "/content", auth(DEV_KEY))
                .body(), StandardCharsets.UTF_8);
        List<JsonNode> rows = output.lines().map(darkroom::json).toList();
        assertThat(rows).extracting(row -> row.get("custom_id").asString()).containsExactly("edit-1", "edit-3");
        byte[] edited = darkroom.getBytes(rows.getFirst().get("response").get("body").get("data").get(0).get("url").asString()).body();
        assertThat(Images.decode(edited).getWidth()).as("a decodable image").isPositive();
    }

    @Test
    void editBatchLineWithoutImagesFailsValidationNamingTheParameter() {
        String jsonl = "{\"custom_id\": \"bare\", \"method\": \"POST\", \"url\": \"/v1/images/edits\", \"body\": {\"prompt\": \"x\"}}\n";

        JsonNode failed = awaitStatus(create(upload(jsonl), "/v1/images/edits", false), "failed");

        assertThat(failed.get("errors").get("data").get(0).get("param").asString()).isEqualTo("body.images");
    }

    @Test
    void submissionCutOffBeforeItFinishedIsResumedByTheSweeperQueueingEachLineOnce() {
        darkroom.stopWorker();
        String batchId;
        String batchKey;
        try {
            batchId = create(upload(line("s-1", "one") + line("s-2", "two") + line("s-3", "three")), "/v1/images/generations", false);
            awaitStatus(batchId, "in_progress");
            batchKey = darkroom.namespace + ":batch:" + batchId;
            List<String> lines = darkroom.redis().opsForList().range(batchKey + ":lines", 0, -1);
            // As if the api died after queueing the lines but before recording it: back to validating, one job never made.
            String lastJob = lines.getLast().split("\t")[1];
            darkroom.redis().delete(List.of(darkroom.namespace + ":job:" + lastJob));
            darkroom.redis().opsForHash().delete(batchKey, "submitted_at", "in_progress_at");
            darkroom.redis().opsForHash().put(batchKey, "status", "validating");

            await().atMost(Duration.ofSeconds(20)).until(() -> "in_progress".equals(darkroom.redis().opsForHash().get(batchKey, "status")));
            assertThat(darkroom.redis().opsForList().range(batchKey + ":lines", 0, -1)).as("the same lines, the same job ids").isEqualTo(lines);
            assertThat(darkroom.redis().hasKey(darkroom.namespace + ":job:" + lastJob)).as("the missing job made").isTrue();
        } finally {
            darkroom.startWorker();
        }
        JsonNode done = awaitStatus(batchId, "completed");
        assertThat(done.get("request_counts").get("completed").asInt()).isEqualTo(3);
        assertThat(darkroom.redis().opsForHash().get(batchKey, "done_succeeded")).as("each line ran once").isEqualTo("3");
        assertThat(darkroom.redis().opsForList().size(batchKey + ":finished")).isEqualTo(3);
    }

    @Test
    void linesJobsAndResultImagesLiveAsLongAsTheirBatch() {
        String batchId = create(upload(line("k-1", "keep me")), "/v1/images/generations", false);
        JsonNode done = awaitStatus(batchId, "completed");

        String jobId = darkroom.redis().opsForList().index(darkroom.namespace + ":batch:" + batchId + ":lines", 0).split("\t")[1];
        String url = darkroom.json(darkroom.get("/v1/batches/" + batchId + "/results", auth(DEV_KEY))).get("data").get(0)
                .get("response").get("body").get("data").get(0).get("url").asString();
        String imageId = url.substring(url.lastIndexOf('/') + 1);
        Duration dayAndMore = Duration.ofHours(25);
        assertThat(darkroom.redis().getExpire(darkroom.namespace + ":job:" + jobId)).isGreaterThan(dayAndMore.toSeconds());
        assertThat(darkroom.redis().getExpire(darkroom.namespace + ":image:" + imageId)).as("kept past the hour an image lives by itself")
                .isGreaterThan(dayAndMore.toSeconds());
        assertThat(done.get("output_file_id").asString()).startsWith("file-");
    }

    private JsonNode awaitStatus(String batchId, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> darkroom.json(darkroom.get("/v1/batches/"
                + batchId, auth(DEV_KEY))).get("status").asString().equals(status));
        return darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(DEV_KEY)));
    }

    private String create(String fileId, String endpoint, boolean runValidLines) {
        return darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId + "\", \"endpoint\": \"" + endpoint
                + "\", \"run_valid_lines\": " + runValidLines + "}", auth(DEV_KEY))).get("id").asString();
    }

    private String upload(String jsonl) {
        return BatchInputs.upload(darkroom, jsonl);
    }

    private static String line(String customId, String prompt) {
        return BatchInputs.line(customId, prompt);
    }

    private static String editLine(String customId, String imageUrl) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/images/edits\", \"body\": {\"prompt\": \"paint it\","
                + " \"images\": [{\"image_url\": \"" + imageUrl + "\"}]}}\n";
    }
}
