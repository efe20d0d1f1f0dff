package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 12: nothing stays running forever, even on a live worker whose provider call hangs. */
class MaxRunTimeIntegrationTests {

    @Test
    void jobHangingOnALiveWorkerFailsPastItsModelsMaximumRunTimeAndTheWorkerGoesOn() {
        try (Darkroom darkroom = Darkroom.isolated(Map.of("darkroom.local.slow-latency", "60s",
                "darkroom.worker.max-run-times[local/slow]", "1s"))) {
            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            HttpResponse<String> accepted = darkroom.post("/v1/images/generations",
                    "{\"model\": \"local/slow\", \"prompt\": \"hang\", \"size\": \"256x256\"}", auth(DEV_KEY, "Prefer", "respond-async"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String jobId = darkroom.json(accepted).get("id").asString();

            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.statusOf(jobId).orElseThrow().isTerminal());

            Job failed = jobs.find(jobId).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error().code()).isEqualTo("max_run_time_exceeded");
            assertThat(Duration.between(failed.startedAt(), failed.finishedAt()))
                    .as("stopped after its 1 s maximum, long before the provider's 60 s").isBetween(Duration.ofSeconds(1), Duration.ofSeconds(15));
            JsonNode view = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
            assertThat(view.get("error").get("code").asString()).isEqualTo("max_run_time_exceeded");

            HttpResponse<String> next = darkroom.post("/v1/images/generations",
                    "{\"model\": \"local/fast\", \"prompt\": \"still here\", \"size\": \"256x256\"}", auth(DEV_KEY));
            assertThat(next.statusCode()).as("the same live worker serves the next job: " + next.body()).isEqualTo(200);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.FAILED);
        }
    }
}
