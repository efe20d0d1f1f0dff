package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 item 6, the bulk lane's fair share: a key's batch lines wait in Redis and enter the queue only as far as
 * its tier's batch lines in flight allow (the tests' tier {@code test-lines}: 2), so another key's small batch is never
 * queued behind the first key's whole batch. The lines are {@code local/slow} (2 s each here). And a batch's lines count
 * against its key's images per day as they are released ({@code test-daily}: 3 a day).
 */
class BatchFairShareIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void aKeysBatchNeverRunsMoreLinesAtOnceThanItsTierAllowsAndStillFinishesEveryLine() {
        String key = newKey();
        String batchId = createBatch(key, "window", 6);
        AtomicInteger mostRunning = new AtomicInteger();

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            mostRunning.accumulateAndGet(running(key, batchId), Math::max);
            return "completed".equals(batch(key, batchId).get("status").asString());
        });

        assertThat(mostRunning.get()).as("lines of the batch running at once").isEqualTo(2);
        assertThat(batch(key, batchId).get("request_counts").get("completed").asInt()).isEqualTo(6);
    }

    @Test
    void anotherKeysSmallBatchIsNotQueuedBehindAHugeOne() {
        String huge = newKey();
        String small = newKey();
        String hugeBatch = createBatch(huge, "huge", 14);
        await().atMost(Duration.ofSeconds(15)).until(() -> running(huge, hugeBatch) > 0);

        String smallBatch = createBatch(small, "small", 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(batch(small, smallBatch).get("status").asString()));

        JsonNode hugeCounts = batch(huge, hugeBatch).get("request_counts");
        assertThat(hugeCounts.get("completed").asInt()).as("the huge batch's lines done when the small one finished (of 14)")
                .isLessThanOrEqualTo(10);

        JsonNode cancelled = darkroom.json(darkroom.post("/v1/batches/" + hugeBatch + "/cancel", "", auth(huge)));
        assertThat(cancelled.get("status").asString()).isIn("cancelling", "cancelled");
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(batch(huge, hugeBatch).get("status").asString()));
        JsonNode ended = batch(huge, hugeBatch).get("request_counts");
        assertThat(ended.get("completed").asInt() + ended.get("failed").asInt()).as("every line, held ones included, ended")
                .isEqualTo(14);
    }

    @Test
    void aBatchCountsItsLinesAgainstTheDailyQuotaAsTheyRunAndTheRestWait() {
        String key = newKey("test-daily");
        String batchId = createBatch(key, "daily", 5, "local/fast");

        await().atMost(Duration.ofSeconds(20)).until(() -> batch(key, batchId).get("request_counts").get("completed").asInt() == 3);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                batch(key, batchId).get("request_counts").get("completed").asInt() == 3
                        && "in_progress".equals(batch(key, batchId).get("status").asString()));
        HttpResponse<String> refused = darkroom.post("/v1/images/generations", "{\"model\": \"local/fast\", \"prompt\": \"one more\", "
                + "\"size\": \"256x256\"}", auth(key, "Prefer", "respond-async"));
        assertThat(refused.statusCode()).as("the batch's lines used the day's 3 images").isEqualTo(429);

        darkroom.post("/v1/batches/" + batchId + "/cancel", "", auth(key));
        await().atMost(Duration.ofSeconds(20)).until(() -> "cancelled".equals(batch(key, batchId).get("status").asString()));
        assertThat(batch(key, batchId).get("request_counts").get("failed").asInt()).as("the two lines that never ran").isEqualTo(2);
    }

    private String newKey() {
        return newKey("test-lines");
    }

    private String newKey(String tier) {
        HttpResponse<String> created = darkroom.post("/admin/keys", "{\"name\": \"fair share\", \"tier\": \"" + tier + "\"}", auth(ADMIN_TOKEN));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return darkroom.json(created).get("secret").asString();
    }

    private String createBatch(String key, String name, int lines) {
        return createBatch(key, name, lines, "local/slow");
    }

    private String createBatch(String key, String name, int lines, String model) {
        StringBuilder jsonl = new StringBuilder();
        for (int line = 0; line < lines; line++) {
            jsonl.append("{\"custom_id\": \"").append(name).append('-').append(line).append("\", \"method\": \"POST\", \"url\": ")
                    .append("\"/v1/images/generations\", \"body\": {\"model\": \"").append(model).append("\", \"prompt\": \"").append(name)
                    .append("\", \"size\": \"256x256\"}}\n");
        }
        String fileId = BatchInputs.upload(darkroom, key, jsonl.toString());
        HttpResponse<String> created = darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/images/generations\", \"completion_window\": \"24h\"}", auth(key));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return darkroom.json(created).get("id").asString();
    }

    private JsonNode batch(String key, String batchId) {
        return darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(key)));
    }

    /** The batch's lines running now. */
    private int running(String key, String batchId) {
        return darkroom.json(darkroom.get("/v1/jobs?batch=" + batchId + "&status=running&limit=100", auth(key))).get("data").size();
    }
}
