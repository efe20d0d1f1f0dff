package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * FAULTS 11 on a RabbitMQ node of the test's own whose consumer timeout (2 s, checked every 500 ms) is far
 * shorter than the job: the broker takes the delivery back and redelivers it while the worker still runs
 * the job. The redelivered copy must neither run the job again nor produce a second result.
 */
class ConsumerTimeoutIntegrationTests {

    @BeforeEach
    void needsRabbitMqInstalled() {
        Assumptions.assumeTrue(PrivateRabbit.available(), "rabbitmq-server is installed here");
    }

    @Test
    void jobRunningPastTheBrokersConsumerTimeoutIsSentUpstreamOnceAndEndsOnce() throws Exception {
        try (PrivateRabbit broker = new PrivateRabbit("consumer_timeout = 2000", "[{rabbit, [{channel_tick_interval, 500}]}].");
                Darkroom darkroom = Darkroom.isolated(Map.of("spring.rabbitmq.port", broker.port, "darkroom.local.slow-latency", "20s"))) {
            String jobId = darkroom.json(darkroom.post("/v1/images/generations",
                    "{\"model\": \"local/slow\", \"prompt\": \"longer than the consumer timeout\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            MeterRegistry meters = darkroom.workerBean(MeterRegistry.class);

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> meters.counter("darkroom.worker.deliveries", "outcome", "held").count() >= 1);
            assertThat(jobs.statusOf(jobId)).as("the broker redelivered while the job still ran").contains(JobStatus.RUNNING);

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> jobs.statusOf(jobId).orElseThrow().isTerminal());
            Job done = jobs.find(jobId).orElseThrow();
            assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.attempts()).as("claimed once: the redelivery did not take the job over").isEqualTo(1);
            assertThat(done.result().images()).hasSize(1);
            JsonNode view = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
            assertThat(view.get("provider_attempts")).as("one upstream call").hasSize(1);
            assertThat(meters.counter("darkroom.worker.deliveries", "outcome", "succeeded").count()).as("one result").isEqualTo(1);
            assertThat(meters.counter("darkroom.worker.deliveries", "outcome", "discarded").count()).isZero();
        }
    }
}
