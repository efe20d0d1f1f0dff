package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FAULTS 16: Redis killed and restarted under a running job. A private Redis with AOF (everysec) and a
 * Darkroom of its own; the shared Redis is never touched.
 */
class RedisRestartIntegrationTests {

    @Test
    void noJobStaysRunningAfterRedisRestartsAndNewWorkIsRefusedWhileItIsDown() throws Exception {
        try (PrivateRedis redis = new PrivateRedis();
                Darkroom darkroom = Darkroom.isolated(Map.of("spring.data.redis.port", redis.port,
                        "darkroom.local.slow-latency", "3s"))) {
            String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                    "{\"model\": \"local/slow\", \"prompt\": \"through a restart\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.RUNNING);
            Thread.sleep(1_200);

            redis.kill();
            HttpResponse<String> duringOutage = darkroom.post("/v1/images/generations", "{\"prompt\": \"refused\"}", auth(DEV_KEY));
            Thread.sleep(3_000);
            redis.start();

            assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
            assertThat(darkroom.json(duringOutage).get("error").get("code").asString()).isEqualTo("service_unavailable");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.SUCCEEDED);
            assertThat(jobs.find(jobId).orElseThrow().result().images()).hasSize(1);
        }
    }
}
