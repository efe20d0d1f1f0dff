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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CancelAndDeadlineIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void canceledQueuedJobIsNeverRun() {
        darkroom.stopWorker();
        String jobId;
        try {
            jobId = submit("{\"prompt\": \"never\", \"size\": \"256x256\"}");
            HttpResponse<String> canceled = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY));

            assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(200);
            assertThat(darkroom.json(canceled).get("status").asString()).isEqualTo("canceled");
        } finally {
            darkroom.startWorker();
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> job(jobId).status() == JobStatus.CANCELED);
        assertThat(job(jobId).attempts()).as("no worker ever claimed it").isZero();
        assertThat(job(jobId).result()).isNull();
    }

    @Test
    void runningJobCanceledMidwayKeepsNoResult() {
        String jobId = submit("{\"model\": \"local/slow\", \"prompt\": \"stop me\", \"size\": \"256x256\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).status() == JobStatus.RUNNING);

        assertThat(darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY)).statusCode()).isEqualTo(200);

        await().pollDelay(Darkroom.SLOW_LATENCY.plusMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> job(jobId).status() == JobStatus.CANCELED);
        assertThat(job(jobId).result()).as("the late result was discarded").isNull();
        assertThat(job(jobId).error().code()).isEqualTo("canceled");
    }

    @Test
    void cancelingAFinishedJobAnswers409AndSomeoneElsesAnswers404() {
        String jobId = submit("{\"prompt\": \"done\", \"size\": \"256x256\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).status() == JobStatus.SUCCEEDED);

        HttpResponse<String> late = darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY));

        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(darkroom.json(late).get("error").get("code").asString()).isEqualTo("job_already_final");
        assertThat(darkroom.post("/v1/jobs/job_of_nobody/cancel", "", auth(DEV_KEY)).statusCode()).isEqualTo(404);
    }

    @Test
    void jobPastItsCancelAfterIsCanceledWithoutBeingSentUpstream() throws Exception {
        darkroom.stopWorker();
        String jobId;
        try {
            jobId = darkroom.json(darkroom.post("/v1/images/generations", "{\"prompt\": \"too late\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "respond-async", "Cancel-After", "1s"))).get("id").asString();
            await().atMost(Duration.ofSeconds(5)).until(() -> job(jobId).pastDeadline(java.time.Instant.now()));
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).status() == JobStatus.CANCELED);
        JsonNode view = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
        assertThat(view.get("error").get("code").asString()).isEqualTo("deadline_exceeded");
        assertThat(view.get("provider_attempts")).as("nothing was sent upstream").isEmpty();
    }

    @Test
    void malformedCancelAfterIsRefusedNamingTheHeader() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations", "{\"prompt\": \"x\"}",
                auth(DEV_KEY, "Cancel-After", "soon"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("param").asString()).isEqualTo("Cancel-After");
    }

    @Test
    void syncCallerOfACanceledJobIsAnswered409() throws Exception {
        java.util.concurrent.CompletableFuture<HttpResponse<String>> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                darkroom.post("/v1/images/generations", "{\"model\": \"local/slow\", \"prompt\": \"waiting\", \"size\": \"256x256\","
                        + " \"metadata\": {\"case\": \"sync-cancel\"}}", auth(DEV_KEY)));
        String jobId = await().atMost(Duration.ofSeconds(10)).until(() -> darkroom.redis().keys(darkroom.names.jobKey("*")).stream()
                .map(key -> key.substring(key.lastIndexOf(':') + 1))
                .filter(id -> id.startsWith("job_") && job(id).request().metadata().containsKey("case")
                        && job(id).status() != JobStatus.CANCELED && !job(id).status().isTerminal())
                .findFirst().orElse(null), java.util.Objects::nonNull);

        darkroom.post("/v1/jobs/" + jobId + "/cancel", "", auth(DEV_KEY));

        HttpResponse<String> answer = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(darkroom.json(answer).get("error").get("code").asString()).isEqualTo("canceled");
    }

    private String submit(String body) {
        return darkroom.json(darkroom.post("/v1/images/generations", body, auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
    }

    private Job job(String jobId) {
        return darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
    }
}
