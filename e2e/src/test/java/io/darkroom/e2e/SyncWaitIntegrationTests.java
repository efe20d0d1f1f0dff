package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12: a waiting caller is answered by a servlet async request completed by its job's event, holding
 * no thread while it waits. The poll interval is an hour here, so only events can wake a waiter.
 */
class SyncWaitIntegrationTests {

    private static final Duration LATENCY = Duration.ofSeconds(3);
    private static Darkroom darkroom;

    @BeforeAll
    static void start() {
        darkroom = Darkroom.isolated(Map.of("darkroom.api.poll-interval", "1h", "darkroom.api.max-sync-wait", "1s",
                "darkroom.local.slow-latency", LATENCY.toString(), "darkroom.worker.max-in-flight", "200"));
    }

    @AfterAll
    static void stop() {
        darkroom.close();
    }

    @Test
    void syncCallerStillWaitingAtTheMaximumWaitGets504NamingTheJobAndTheJobGoesOn() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/slow\", \"prompt\": \"too slow\", \"size\": \"256x256\"}", auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        JsonNode error = darkroom.json(response).get("error");
        assertThat(error.get("code").asString()).isEqualTo("job_still_running");
        String jobId = error.get("message").asString().replaceAll(".*GET /v1/jobs/(job_[A-Za-z0-9_-]+).*", "$1");
        assertThat(jobId).startsWith("job_");
        JsonNode finished = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY, "Prefer", "wait=30")));
        assertThat(finished.get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void everyOneOfManyWaitingCallersIsAnsweredByItsJobsEventNotByPolling() throws Exception {
        int callers = 150;
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            answers = IntStream.range(0, callers).mapToObj(i -> CompletableFuture.supplyAsync(() -> darkroom.post(
                    "/v1/images/generations", "{\"model\": \"local/slow\", \"prompt\": \"caller " + i + "\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "wait=120")), clients)).toList();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(darkroom.json(response).get("data")).hasSize(1);
        }
        assertThat(took).as("answered as their jobs finished, long before the 120 s wait or an hourly poll")
                .isLessThan(Duration.ofSeconds(90));
    }
}
