package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import org.springframework.amqp.core.AmqpAdmin;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerRestartIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void jobWaitingInTheQueueSurvivesItsWorkerStoppingAndCompletesOnceAWorkerIsBack() {
        darkroom.stopWorker();
        String jobId;
        try {
            jobId = submitAsync("{\"prompt\": \"patience\", \"size\": \"256x256\"}");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> status(jobId) == JobStatus.QUEUED);
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
        assertThat(darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void gracefulStopLetsARunningJobFinishBeforeTheWorkerGoes() {
        String jobId = submitAsync("{\"model\": \"local/slow\", \"prompt\": \"finish me\", \"size\": \"256x256\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> status(jobId) == JobStatus.RUNNING);

        darkroom.stopWorker();
        try {
            Job job = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.attempts()).isEqualTo(1);
            assertThat(darkroom.apiBean(AmqpAdmin.class).getQueueInfo(darkroom.names.workQueue("local", Lane.INTERACTIVE))
                    .getMessageCount()).as("its message was acked, not handed back").isZero();
        } finally {
            darkroom.startWorker();
        }
    }

    @Test
    void duplicateDeliveryOfTheSameJobMessageYieldsOneResult() {
        darkroom.stopWorker();
        String jobId;
        try {
            jobId = submitAsync("{\"prompt\": \"twice\", \"size\": \"256x256\", \"n\": 2}");
            Job job = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
            darkroom.apiBean(JobPublisher.class).publish(job);
        } finally {
            darkroom.startWorker();
        }
        MeterRegistry meters = darkroom.workerBean(MeterRegistry.class);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(jobId) == JobStatus.SUCCEEDED
                && meters.counter("darkroom.worker.deliveries", "outcome", "skipped").count() >= 1);

        Job done = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.result().images()).hasSize(2);
        assertThat(meters.counter("darkroom.worker.deliveries", "outcome", "succeeded").count()).isEqualTo(1);
        done.result().images().forEach(image ->
                assertThat(darkroom.redis().hasKey(darkroom.names.imageKey(image.imageId()))).isTrue());
    }

    @Test
    void redeliveryOfAFinishedJobLeavesItsResultUntouched() {
        String jobId = submitAsync("{\"prompt\": \"once\", \"size\": \"256x256\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
        Job finished = darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
        MeterRegistry meters = darkroom.workerBean(MeterRegistry.class);
        double skippedBefore = meters.counter("darkroom.worker.deliveries", "outcome", "skipped").count();

        darkroom.apiBean(JobPublisher.class).publish(finished);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter("darkroom.worker.deliveries", "outcome", "skipped").count() > skippedBefore);
        assertThat(darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow()).isEqualTo(finished);
    }

    private String submitAsync(String body) {
        return darkroom.json(darkroom.post("/v1/images/generations", body, auth(DEV_KEY, "Prefer", "respond-async")))
                .get("id").asString();
    }

    private JobStatus status(String jobId) {
        return darkroom.apiBean(RedisJobStore.class).statusOf(jobId).orElseThrow();
    }
}
