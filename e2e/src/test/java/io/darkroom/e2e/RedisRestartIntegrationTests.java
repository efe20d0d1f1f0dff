package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * FAULTS 16: Redis killed and restarted under a running job. A private Redis with AOF (everysec) and a
 * Darkroom of its own; the shared Redis is never touched.
 */
class RedisRestartIntegrationTests {

    /** What the worker's lease keeper (running in this JVM) logs: how a test knows the worker met the outage. */
    private final Logger leaseLog = (Logger) LoggerFactory.getLogger("io.darkroom.worker.consume.LeaseKeeper");
    private final ListAppender<ILoggingEvent> leaseWarnings = new ListAppender<>();

    @BeforeEach
    void listen() {
        leaseWarnings.start();
    }

    @AfterEach
    void stopListening() {
        leaseLog.detachAppender(leaseWarnings);
    }

    @Test
    void noJobStaysRunningAfterRedisRestartsAndNewWorkIsRefusedWhileItIsDown() throws Exception {
        try (PrivateRedis redis = new PrivateRedis();
                Darkroom darkroom = Darkroom.isolated(Map.of("spring.data.redis.port", redis.port,
                        "darkroom.local.slow-latency", "3s"))) {
            String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                    "{\"model\": \"local/slow\", \"prompt\": \"through a restart\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            leaseLog.addAppender(leaseWarnings);
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.RUNNING);
            await().atMost(Duration.ofSeconds(5)).alias("the running state is in the AOF: a kill -9 keeps it")
                    .until(() -> redis.appendOnlyFileContains(jobId) && redis.appendOnlyFileContains("running"));

            redis.kill();
            HttpResponse<String> duringOutage = darkroom.post("/v1/images/generations", "{\"prompt\": \"refused\"}", auth(DEV_KEY));
            await().atMost(Duration.ofSeconds(15)).alias("the worker running the job met the outage: renewing its lease failed")
                    .until(() -> leaseWarnings.list.stream().anyMatch(event -> event.getFormattedMessage()
                            .equals("Renewing the lease of job " + jobId + " failed; will try again")));
            redis.start();

            assertThat(duringOutage.statusCode()).as(duringOutage.body()).isEqualTo(503);
            assertThat(darkroom.json(duringOutage).get("error").get("code").asString()).isEqualTo("service_unavailable");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.SUCCEEDED);
            assertThat(jobs.find(jobId).orElseThrow().result().images()).hasSize(1);
        }
    }
}
