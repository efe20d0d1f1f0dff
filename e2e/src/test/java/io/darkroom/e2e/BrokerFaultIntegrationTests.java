package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.JobStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/** FAULTS 1 and 3 on a RabbitMQ node of the test's own; the shared broker is never touched. */
class BrokerFaultIntegrationTests {

    @BeforeEach
    void needsRabbitMqInstalled() {
        Assumptions.assumeTrue(PrivateRabbit.available(), "rabbitmq-server is installed here");
    }

    @Test
    void everyConfirmedJobCompletesAfterTheBrokerRestartsUnderLoad() throws Exception {
        try (PrivateRabbit broker = new PrivateRabbit();
                Darkroom darkroom = Darkroom.isolated(Map.of("spring.rabbitmq.port", broker.port, "darkroom.local.slow-latency", "1s"))) {
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> response = darkroom.post("/v1/images/generations", "{\"model\": \"local/" + (i % 2 == 0 ? "slow" : "fast")
                        + "\", \"prompt\": \"load " + i + "\", \"size\": \"256x256\"}", auth(DEV_KEY, "Prefer", "respond-async"));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                accepted.add(darkroom.json(response).get("id").asString());
            }

            java.util.concurrent.atomic.AtomicBoolean apiLost = lost(darkroom.apiBean(CachingConnectionFactory.class));
            java.util.concurrent.atomic.AtomicBoolean workerLost = lost(darkroom.workerBean(CachingConnectionFactory.class));
            broker.stop();
            await().atMost(Duration.ofSeconds(30)).alias("the api and the worker lost their broker connections")
                    .until(() -> apiLost.get() && workerLost.get());
            broker.start();

            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(accepted).allSatisfy(id -> assertThat(jobs.statusOf(id)).contains(JobStatus.SUCCEEDED)));
            assertThat(accepted).allSatisfy(id -> assertThat(jobs.find(id).orElseThrow().result().images()).hasSize(1));
        }
    }

    @Test
    void publishTheBrokerNeverConfirmsIsNeverAnsweredAsAcceptedAndMakesNoSecondJob() throws Exception {
        try (PrivateRabbit broker = new PrivateRabbit();
                Darkroom darkroom = Darkroom.isolated(Map.of("spring.rabbitmq.port", broker.port, "darkroom.publish-timeout", "2s"))) {
            broker.blockPublishers(true);
            HttpResponse<String> refused;
            try {
                refused = darkroom.post("/v1/images/generations", "{\"prompt\": \"unconfirmed\", \"size\": \"256x256\","
                        + " \"metadata\": {\"case\": \"blocked\"}}", auth(DEV_KEY, "Prefer", "respond-async"));
            } finally {
                broker.blockPublishers(false);
            }

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(darkroom.json(refused).get("error").get("code").asString()).isEqualTo("queue_unavailable");

            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            String jobId = darkroom.redis().keys(darkroom.names.jobKey("job_*")).stream()
                    .map(key -> key.substring(key.lastIndexOf(':') + 1)).filter(id -> !id.contains(":"))
                    .filter(id -> jobs.find(id).map(job -> "blocked".equals(job.request().metadata().get("case"))).orElse(false))
                    .findFirst().orElseThrow();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> jobs.statusOf(jobId).orElseThrow() == JobStatus.FAILED);
            assertThat(jobs.find(jobId).orElseThrow().attempts()).as("the late message made no second run").isZero();
            assertThat(jobs.find(jobId).orElseThrow().result()).isNull();
        }
    }

    /** A flag set once {@code connections} loses its broker connection (the broker shut it down, or it dropped). */
    private static java.util.concurrent.atomic.AtomicBoolean lost(CachingConnectionFactory connections) {
        java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();
        connections.addConnectionListener(new org.springframework.amqp.rabbit.connection.ConnectionListener() {
            @Override
            public void onCreate(org.springframework.amqp.rabbit.connection.Connection connection) {
            }

            @Override
            public void onShutDown(com.rabbitmq.client.ShutdownSignalException signal) {
                lost.set(true);
            }
        });
        return lost;
    }
}
