package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ValidatedImageRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** FAULTS 4, 14, 20: the sweeper, the reaper, and a sync caller that goes away. */
class RecoveryIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();
    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void jobStoredButNeverPublishedIsRepublishedByTheSweeperAndCompletes() {
        RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "orphan").withSize("256x256"));
        Job orphan = jobs.create(Job.queued(Ids.newJobId(), "key_development", catalog.find("local/fast").orElseThrow(), "local",
                Lane.INTERACTIVE, request));

        await().atMost(Duration.ofSeconds(15)).until(() -> jobs.statusOf(orphan.id()).orElseThrow() == JobStatus.SUCCEEDED);
        assertThat(jobs.find(orphan.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void runningJobWhoseWorkerStoppedRenewingIsReDrivenAndTheStalledResultCannotOverwriteIt() {
        RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "stalled").withSize("256x256"));
        Job job = jobs.create(Job.queued(Ids.newJobId(), "key_development", catalog.find("local/fast").orElseThrow(), "local",
                Lane.INTERACTIVE, request));
        jobs.markPublished(job.id());
        assertThat(jobs.claim(job.id(), "stalled-worker", false).applied()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> jobs.statusOf(job.id()).orElseThrow() == JobStatus.SUCCEEDED);
        Job done = jobs.find(job.id()).orElseThrow();
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(jobs.succeed(job.id(), "stalled-worker", "local", done.result()).applied()).as("late writer loses").isFalse();
        assertThat(jobs.renewLease(job.id(), "stalled-worker")).as("its renewal fails").isFalse();
    }

    @Test
    void syncCallerThatDisconnectsMidWaitLeavesAJobThatCompletesAndStaysReadable() throws Exception {
        HttpClient impatient = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(darkroom.baseUrl() + "/v1/images/generations"))
                .timeout(Duration.ofMillis(500)).header("Authorization", "Bearer " + DEV_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"local/slow\", \"prompt\": \"gone\", \"size\": \"256x256\","
                        + " \"metadata\": {\"case\": \"disconnect\"}}")).build();
        try {
            impatient.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException expected) {
            // the caller went away
        }
        RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
        String jobId = await().atMost(Duration.ofSeconds(5)).until(() -> darkroom.redis().keys(darkroom.names.jobKey("job_*")).stream()
                .map(key -> key.substring(key.lastIndexOf(':') + 1)).filter(id -> !id.contains(":"))
                .filter(id -> "disconnect".equals(jobs.find(id).map(job -> job.request().metadata().get("case")).orElse(null)))
                .findFirst().orElse(null), java.util.Objects::nonNull);

        await().atMost(Duration.ofSeconds(15)).until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.SUCCEEDED);
        assertThat(darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY))).get("result").get("data")).hasSize(1);
    }
}
