package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.model.Ids;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/jobs}: a key's own jobs, newest first, filtered and paged, on the real RabbitMQ and Redis. */
class JobListingIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void pagesThroughEveryJobOfTheKeyNewestFirstWithNoDuplicatesAndNoGaps() {
        String key = ApiKeys.create(darkroom, "job lister").secret();
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            submitted.add(submit(key, "local/fast", "job " + i));
        }

        List<String> listed = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        String after = "";
        do {
            JsonNode page = list(key, "limit=3" + after);
            pages.add(page);
            page.get("data").forEach(job -> listed.add(job.get("id").asString()));
            after = "&after=" + page.get("last_id").asString();
        } while (pages.getLast().get("has_more").asBoolean());

        assertThat(listed).containsExactlyElementsOf(submitted.reversed());
        assertThat(pages).hasSize(3);
        assertThat(pages.getFirst().get("object").asString()).isEqualTo("list");
        assertThat(pages.getFirst().get("first_id").asString()).isEqualTo(submitted.getLast());
        assertThat(pages.getFirst().get("last_id").asString()).isEqualTo(submitted.get(4));
        assertThat(pages.getLast().get("data")).hasSize(1);
        assertThat(pages.getLast().get("has_more").asBoolean()).isFalse();
    }

    @Test
    void eachListedJobIsTheJobAsGetShowsIt() {
        String key = ApiKeys.create(darkroom, "job viewer").secret();
        String id = submit(key, "local/fast", "shown alike");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(key, id).equals("succeeded"));

        JsonNode listed = list(key, "").get("data").get(0);

        assertThat(listed).isEqualTo(darkroom.json(darkroom.get("/v1/jobs/" + id, auth(key))));
        assertThat(listed.get("object").asString()).isEqualTo("image.job");
        assertThat(listed.get("result").get("data").get(0).get("url").asString()).contains("/hosted/");
    }

    @Test
    void filtersByStatusModelAndCreationTime() {
        String key = ApiKeys.create(darkroom, "job filterer").secret();
        String fast = submit(key, "local/fast", "fast");
        String slow = submit(key, "local/slow", "slow, then canceled");
        assertThat(darkroom.post("/v1/jobs/" + slow + "/cancel", "", auth(key)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(key, fast).equals("succeeded"));
        long created = darkroom.json(darkroom.get("/v1/jobs/" + fast, auth(key))).get("created_at").asLong();

        assertThat(ids(list(key, "status=canceled"))).containsExactly(slow);
        assertThat(ids(list(key, "status=succeeded"))).containsExactly(fast);
        JsonNode none = list(key, "status=queued");
        assertThat(ids(none)).isEmpty();
        assertThat(none.get("first_id").isNull() && none.get("last_id").isNull()).as("written as null, as OpenAI's empty list: " + none)
                .isTrue();
        assertThat(none.get("has_more").asBoolean()).isFalse();
        assertThat(ids(list(key, "model=local/slow"))).containsExactly(slow);
        assertThat(ids(list(key, "model=local/fast&status=succeeded"))).containsExactly(fast);
        assertThat(ids(list(key, "created_after=" + (created - 1) + "&created_before=" + (created + 1)))).contains(fast);
        assertThat(ids(list(key, "created_after=" + created))).doesNotContain(fast);
        assertThat(ids(list(key, "created_before=" + created))).doesNotContain(fast);
    }

    @Test
    void aBatchsLinesAreListedAndTheBatchFilterShowsThemAlone() {
        String key = ApiKeys.create(darkroom, "batch job lister").secret();
        String single = submit(key, "local/fast", "not in the batch");
        String fileId = BatchInputs.upload(darkroom, key, BatchInputs.line("a", "first line") + BatchInputs.line("b", "second line"));
        String batchId = darkroom.json(darkroom.post("/v1/batches", "{\"input_file_id\": \"" + fileId
                + "\", \"endpoint\": \"/v1/images/generations\"}", auth(key))).get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> !darkroom.json(darkroom.get("/v1/batches/" + batchId, auth(key)))
                .get("status").asString().equals("validating"));
        Set<String> lines = Set.of(Ids.batchLineJobId(batchId, 1), Ids.batchLineJobId(batchId, 2));

        assertThat(ids(list(key, "batch=" + batchId))).containsExactlyInAnyOrderElementsOf(lines);
        assertThat(ids(list(key, ""))).containsAll(lines).contains(single).hasSize(3);
        assertThat(ids(list(key, "batch=batch_of_nobody"))).isEmpty();
    }

    @Test
    void anExpiredJobIsAbsentFromTheListAndItsIndexEntryIsDropped() {
        ApiKeys.Key key = ApiKeys.create(darkroom, "expiring jobs");
        String kept = submit(key.secret(), "local/fast", "kept");
        String expiring = submit(key.secret(), "local/fast", "expiring");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(key.secret(), expiring).equals("succeeded"));
        darkroom.redis().expire(darkroom.names.jobKey(expiring), Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !darkroom.redis().hasKey(darkroom.names.jobKey(expiring)));

        assertThat(ids(list(key.secret(), ""))).containsExactly(kept);
        assertThat(darkroom.get("/v1/jobs/" + expiring, auth(key.secret())).statusCode()).isEqualTo(404);
        assertThat(darkroom.redis().opsForZSet().range(darkroom.names.ownerJobsKey(key.id()), 0, -1)).as("dropped from the index")
                .containsExactly(kept);
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            limit=0                  | limit
            limit=101                | limit
            limit=ten                | limit
            after=job_unknown        | after
            status=done              | status
            model=no/such-model      | model
            batch=not-a-batch        | batch
            created_after=-5         | created_after
            created_before=yesterday | created_before
            """)
    void aBadParameterIsA400NamingIt(String query, String param) {
        HttpResponse<String> response = darkroom.get("/v1/jobs?" + query, auth(Darkroom.DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = darkroom.json(response).get("error");
        assertThat(error.get("param").asString()).isEqualTo(param);
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).isNotBlank();
    }

    @Test
    void anotherKeysJobIsNoCursor() {
        String key = ApiKeys.create(darkroom, "cursor owner").secret();
        String theirs = submit(Darkroom.DEV_KEY, "local/fast", "someone else's");
        submit(key, "local/fast", "mine");

        HttpResponse<String> response = darkroom.get("/v1/jobs?after=" + theirs, auth(key));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("param").asString()).isEqualTo("after");
    }

    private String submit(String key, String model, String prompt) {
        HttpResponse<String> accepted = darkroom.post("/v1/images/generations", "{\"model\": \"" + model + "\", \"prompt\": \"" + prompt
                + "\", \"size\": \"256x256\"}", auth(key, "Prefer", "respond-async"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return darkroom.json(accepted).get("id").asString();
    }

    private String status(String key, String jobId) {
        return darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(key))).get("status").asString();
    }

    private JsonNode list(String key, String query) {
        HttpResponse<String> response = darkroom.get("/v1/jobs?" + query, auth(key));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return darkroom.json(response);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(job -> job.get("id").asString()).toList();
    }
}
