package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.model.Ids;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The isolation sweep (issue 13, item 7): whatever key A made, key B can neither read, change nor list. Every
 * endpoint that takes an id (read from the controllers: jobs, batches, files, webhooks) is called with B's key
 * on A's ids and must answer 404 in OpenAI's error shape, exactly as for an id that never existed; the
 * parameters that take an id ({@code after}, {@code batch}, {@code input_file_id}) answer as for an unknown
 * one; and no list shows A's objects to B.
 */
class IsolationIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    /** A's objects. */
    private record Mine(String job, String lineJob, String batch, String inputFile, String outputFile, String webhook,
            String imageUrl, String webhookUrl) {
    }

    @Test
    void anotherKeyGets404ForEveryIdOfMineAndSeesNoneOfThemInAnyList() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            ApiKeys.Key a = ApiKeys.create(darkroom, "tenant a");
            ApiKeys.Key b = ApiKeys.create(darkroom, "tenant b");
            Mine mine = createEverything(a.secret(), receiver);
            String theirJob = finishedJob(b.secret(), "b's own");

            SoftAssertions softly = new SoftAssertions();
            for (Call call : callsOnIds(mine, theirJob)) {
                HttpResponse<String> answer = call.send(darkroom, b.secret());
                softly.assertThat(answer.statusCode()).as(call + ": " + answer.body()).isEqualTo(404);
                if (answer.statusCode() == 404) {
                    JsonNode error = darkroom.json(answer).get("error");
                    softly.assertThat(error.get("type").asString()).as(call.toString()).isEqualTo("invalid_request_error");
                    softly.assertThat(error.get("code").asString()).as(call.toString()).isEqualTo(call.kind() + "_not_found");
                    softly.assertThat(error.get("message").asString()).as(call.toString()).isNotBlank();
                    softly.assertThat(answer.body()).as(call + " tells nothing of A's object").isEqualTo(call.withUnknownId()
                            .send(darkroom, b.secret()).body().replace(call.unknownId(), call.id()));
                }
            }
            assertParametersTakingAnIdAnswerAsForAnUnknownOne(softly, mine, b.secret());
            assertNoListShowsThem(softly, mine, b.secret(), theirJob);
            softly.assertAll();

            assertNothingOfMineChanged(mine, a.secret(), receiver);
        }
    }

    /** Every endpoint with an id in its path, as B would call it on A's ids. */
    private static List<Call> callsOnIds(Mine mine, String theirJob) {
        return List.of(
                new Call("GET", "/v1/jobs/%s", mine.job(), "job", null),
                new Call("POST", "/v1/jobs/%s/cancel", mine.job(), "job", ""),
                new Call("GET", "/v1/jobs/%s/webhooks", mine.job(), "job", null),
                new Call("POST", "/v1/jobs/%s/webhooks/replay", mine.job(), "job", ""),
                new Call("POST", "/v1/jobs/%s/webhooks/replay?endpoint_id=" + mine.webhook(), mine.job(), "job", ""),
                new Call("GET", "/v1/jobs/%s", mine.lineJob(), "job", null),
                new Call("POST", "/v1/jobs/%s/cancel", mine.lineJob(), "job", ""),
                new Call("GET", "/v1/batches/%s", mine.batch(), "batch", null),
                new Call("GET", "/v1/batches/%s/results", mine.batch(), "batch", null),
                new Call("POST", "/v1/batches/%s/cancel", mine.batch(), "batch", ""),
                new Call("GET", "/v1/files/%s", mine.inputFile(), "file", null),
                new Call("GET", "/v1/files/%s/content", mine.inputFile(), "file", null),
                new Call("DELETE", "/v1/files/%s", mine.inputFile(), "file", null),
                new Call("GET", "/v1/files/%s", mine.outputFile(), "file", null),
                new Call("GET", "/v1/files/%s/content", mine.outputFile(), "file", null),
                new Call("DELETE", "/v1/files/%s", mine.outputFile(), "file", null),
                new Call("GET", "/v1/webhooks/%s", mine.webhook(), "webhook", null),
                new Call("POST", "/v1/webhooks/%s", mine.webhook(), "webhook", "{\"url\": \"https://b.example/hooks\"}"),
                new Call("POST", "/v1/webhooks/%s/rotate_secret", mine.webhook(), "webhook", ""),
                new Call("DELETE", "/v1/webhooks/%s", mine.webhook(), "webhook", null),
                new Call("POST", "/v1/jobs/" + theirJob + "/webhooks/replay?endpoint_id=%s", mine.webhook(), "webhook", ""));
    }

    private void assertParametersTakingAnIdAnswerAsForAnUnknownOne(SoftAssertions softly, Mine mine, String b) {
        Map<String, String> unknownFor = Map.of(
                "/v1/jobs?after=%s", "job_" + "x".repeat(22),
                "/v1/batches?after=%s", "batch_" + "x".repeat(16));
        unknownFor.forEach((path, unknown) -> {
            String id = path.startsWith("/v1/jobs") ? mine.job() : mine.batch();
            HttpResponse<String> answer = darkroom.get(path.formatted(id), auth(b));
            softly.assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(400);
            softly.assertThat(answer.body()).as(path).isEqualTo(darkroom.get(path.formatted(unknown), auth(b)).body().replace(unknown, id));
        });
        HttpResponse<String> batchOfMine = darkroom.get("/v1/jobs?batch=" + mine.batch(), auth(b));
        softly.assertThat(batchOfMine.statusCode()).isEqualTo(200);
        softly.assertThat(darkroom.json(batchOfMine).get("data")).as("B filtering by A's batch").isEmpty();
        String newBatch = "{\"input_file_id\": \"%s\", \"endpoint\": \"/v1/images/generations\"}";
        HttpResponse<String> fromMyFile = darkroom.post("/v1/batches", newBatch.formatted(mine.inputFile()), auth(b));
        softly.assertThat(fromMyFile.statusCode()).as(fromMyFile.body()).isEqualTo(400);
        softly.assertThat(fromMyFile.body()).isEqualTo(darkroom.post("/v1/batches", newBatch.formatted("file-unknown"), auth(b)).body()
                .replace("file-unknown", mine.inputFile()));
    }

    private void assertNoListShowsThem(SoftAssertions softly, Mine mine, String b, String theirJob) {
        List<String> myIds = List.of(mine.job(), mine.lineJob(), mine.batch(), mine.inputFile(), mine.outputFile(), mine.webhook(),
                mine.imageUrl().substring(mine.imageUrl().lastIndexOf('/') + 1), mine.webhookUrl());
        for (String list : List.of("/v1/jobs", "/v1/jobs?limit=100", "/v1/batches", "/v1/webhooks", "/v1/files", "/v1/webhook_secret")) {
            HttpResponse<String> answer = darkroom.get(list, auth(b));
            softly.assertThat(myIds).as(list + " answered " + answer.statusCode()).noneMatch(answer.body()::contains);
        }
        softly.assertThat(darkroom.json(darkroom.get("/v1/jobs", auth(b))).get("data").valueStream().map(job -> job.get("id").asString()))
                .as("B lists its own job").containsExactly(theirJob);
    }

    /** B's calls changed nothing of A's: the job, batch, files and webhook are as they were, and A still sees them. */
    private void assertNothingOfMineChanged(Mine mine, String a, WebhookReceiver receiver) {
        assertThat(darkroom.json(darkroom.get("/v1/jobs/" + mine.job(), auth(a))).get("status").asString()).isEqualTo("succeeded");
        assertThat(darkroom.json(darkroom.get("/v1/batches/" + mine.batch(), auth(a))).get("status").asString()).isEqualTo("completed");
        assertThat(darkroom.get("/v1/files/" + mine.inputFile() + "/content", auth(a)).statusCode()).isEqualTo(200);
        assertThat(darkroom.get("/v1/files/" + mine.outputFile() + "/content", auth(a)).statusCode()).isEqualTo(200);
        JsonNode webhook = darkroom.json(darkroom.get("/v1/webhooks/" + mine.webhook(), auth(a)));
        assertThat(webhook.get("url").asString()).isEqualTo(receiver.url());
        assertThat(ids(darkroom.json(darkroom.get("/v1/jobs?limit=100", auth(a))))).contains(mine.job(), mine.lineJob());
        assertThat(ids(darkroom.json(darkroom.get("/v1/webhooks", auth(a))))).containsExactly(mine.webhook());
    }

    /** As A: a webhook endpoint, a job delivered to it, a batch of one line with its input and output files, a hosted image. */
    private Mine createEverything(String a, WebhookReceiver receiver) {
        String webhook = darkroom.json(darkroom.post("/v1/webhooks", "{\"url\": \"" + receiver.url() + "\"}", auth(a))).get("id").asString();
        String job = finishedJob(a, "a's job");
        await().atMost(Duration.ofSeconds(20)).until(() -> !darkroom.json(darkroom.get("/v1/jobs/" + job + "/webhooks", auth(a)))
                .get("data").isEmpty());
        String imageUrl = darkroom.json(darkroom.get("/v1/jobs/" + job, auth(a))).get("result").get("data").get(0).get("url").asString();
        String inputFile = BatchInputs.upload(darkroom, a, BatchInputs.line("only", "a's batch line"));
        String batch = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + inputFile
                + "\", \"endpoint\": \"/v1/images/generations\"}", auth(a))).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> darkroom.json(darkroom.get("/v1/batches/" + batch, auth(a)))
                .get("status").asString().equals("completed"));
        String outputFile = darkroom.json(darkroom.get("/v1/batches/" + batch, auth(a))).get("output_file_id").asString();
        return new Mine(job, Ids.batchLineJobId(batch, 1), batch, inputFile, outputFile, webhook, imageUrl, receiver.url());
    }

    private String finishedJob(String key, String prompt) {
        String id = darkroom.json(darkroom.post("/v1/images/generations", "{\"prompt\": \"" + prompt + "\", \"size\": \"256x256\"}",
                auth(key, "Prefer", "respond-async"))).get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> darkroom.json(darkroom.get("/v1/jobs/" + id, auth(key))).get("status")
                .asString().equals("succeeded"));
        return id;
    }

    private static List<String> ids(JsonNode list) {
        return list.get("data").valueStream().map(each -> each.get("id").asString()).toList();
    }

    /**
     * One call on an id.
     *
     * @param path a format with {@code %s} where the id goes
     * @param kind what the id names: the 404's code is {@code <kind>_not_found}
     * @param body the JSON body of a POST, else null
     */
    private record Call(String method, String path, String id, String kind, String body) {

        HttpResponse<String> send(Darkroom darkroom, String key) {
            String url = path.formatted(id);
            return switch (method) {
                case "GET" -> darkroom.get(url, auth(key));
                case "POST" -> darkroom.post(url, body, auth(key));
                default -> darkroom.send(method, url, auth(key));
            };
        }

        /** An id of the same kind that never existed. */
        String unknownId() {
            return switch (kind) {
                case "job" -> "job_" + "u".repeat(22);
                case "batch" -> "batch_" + "u".repeat(16);
                case "file" -> "file-" + "u".repeat(16);
                default -> "we_" + "u".repeat(16);
            };
        }

        Call withUnknownId() {
            return new Call(method, path, unknownId(), kind, body);
        }

        @Override
        public String toString() {
            return method + " " + path.formatted(id);
        }
    }
}
