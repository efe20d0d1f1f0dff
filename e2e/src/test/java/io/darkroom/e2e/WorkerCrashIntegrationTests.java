package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.GeneratedImage;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FAULTS 5, 13 and 14: a real worker process killed with kill -9 in the middle of its jobs, or paused with
 * SIGSTOP past its lease and resumed.
 */
class WorkerCrashIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @BeforeEach
    void needsThePackagedWorker() {
        Assumptions.assumeTrue(WorkerProcess.jar() != null, "the worker jar is packaged by 'mvnw verify'");
    }

    @Test
    void workerKilledDuringTheProviderCallLeavesTheJobToAnotherThatCompletesItOnce() throws Exception {
        darkroom.stopWorker();
        String jobId;
        try (WorkerProcess doomed = WorkerProcess.start(darkroom, Map.of("darkroom.local.slow-latency", "20s"))) {
            jobId = submit("{\"model\": \"local/slow\", \"prompt\": \"interrupted\", \"size\": \"256x256\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> status(jobId) == JobStatus.RUNNING);
            doomed.kill();
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
        Job done = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
        assertThat(done.attempts()).as("claimed by the killed worker, then by the survivor").isEqualTo(2);
        assertThat(done.result().images()).hasSize(1);
    }

    @Test
    void workerPausedPastItsLeaseFailsToRenewAndItsLateResultIsDiscarded() throws Exception {
        darkroom.stopWorker();
        String jobId;
        java.util.List<String> rescuedImages;
        try (WorkerProcess paused = WorkerProcess.start(darkroom, Map.of("darkroom.local.slow-latency", "20s",
                "darkroom.worker.max-in-flight", "1"))) {
            jobId = submit("{\"model\": \"local/slow\", \"prompt\": \"paused\", \"size\": \"256x256\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> status(jobId) == JobStatus.RUNNING);
            paused.pause();
            try {
                darkroom.startWorker();
                await().atMost(Duration.ofSeconds(30)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
                Job rescued = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
                assertThat(rescued.attempts()).as("re-driven after the paused worker's lease (3 s) expired").isEqualTo(2);
                rescuedImages = rescued.result().images().stream().map(GeneratedImage::imageId).toList();
            } finally {
                paused.resume();
            }

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> paused.output().contains("Discarding the late outcome of job " + jobId));
            assertThat(paused.output()).as("its renewal failed once it ran again")
                    .contains("Job " + jobId + " is no longer this worker's");
        }
        Job after = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(after.attempts()).isEqualTo(2);
        assertThat(after.result().images().stream().map(GeneratedImage::imageId).toList())
                .as("the late result did not overwrite the job's").isEqualTo(rescuedImages);
    }

    @Test
    void permitsOfAKilledWorkerComeBackWithinOneLease() throws Exception {
        byte[] png = Images.solidPng(32, 32, 0xFF00AA00, false);
        darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withFixedDelay(8_000)
                .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(png) + "\"}]}")));
        darkroom.stopWorker();
        String jobId;
        long killedAt;
        try (WorkerProcess doomed = WorkerProcess.start(darkroom, Map.of("darkroom.providers.instances.openai.concurrency", "1"))) {
            jobId = submit("{\"model\": \"dall-e-3\", \"prompt\": \"held permit\"}");
            await().atMost(Duration.ofSeconds(15)).until(() -> darkroom.redis().opsForZSet()
                    .zCard(darkroom.names.permitsKey("openai")) == 1);
            doomed.kill();
            killedAt = System.nanoTime();
            darkroom.providers.resetAll();
            darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(png) + "\"}]}")));
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
        long secondsToRecover = (System.nanoTime() - killedAt) / 1_000_000_000;
        assertThat(secondsToRecover).as("the dead worker's permit (lease 2 s) came back, limit 1").isLessThan(10);
    }

    private String submit(String body) {
        return darkroom.json(darkroom.post("/v1/images/generations", body, auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
    }

    private JobStatus status(String jobId) {
        return darkroom.apiBean(RedisJobStore.class).statusOf(jobId).orElseThrow();
    }
}
