package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.JsonNode;

/** FAULTS 6 and 7: poison messages are parked, their jobs failed with the reason, and can be replayed. */
class DeadLetterIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void unparseableMessageIsParkedAtOnceAndItsJobFailedWithTheReason() {
        darkroom.stopWorker();
        String jobId;
        try {
            jobId = darkroom.json(darkroom.post("/v1/images/generations", "{\"prompt\": \"x\", \"size\": \"256x256\"}",
                    auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
            darkroom.apiBean(RabbitTemplate.class).execute(channel -> {
                channel.queuePurge(darkroom.names.workQueue("local", Lane.INTERACTIVE));
                return null;
            });
            darkroom.apiBean(RabbitTemplate.class).send(darkroom.names.jobsExchange(), "local.interactive",
                    MessageBuilder.withBody("{not json".getBytes(StandardCharsets.UTF_8)).setMessageId(jobId)
                            .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());
        } finally {
            darkroom.startWorker();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).status() == JobStatus.FAILED);
        assertThat(job(jobId).error().code()).isEqualTo("unprocessable_message");
        assertThat(job(jobId).attempts()).as("never run").isZero();
    }

    @Test
    void messageThatCrashesItsConsumerIsParkedAfterTheDeliveryLimitAndCanBeReplayed() {
        darkroom.providers.resetAll();
        darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"@@@ not base64 @@@\"}]}")));

        String jobId = darkroom.json(darkroom.post("/v1/images/generations", "{\"model\": \"dall-e-2\", \"prompt\": \"poison\","
                + " \"size\": \"256x256\"}", auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();

        await().atMost(Duration.ofSeconds(30)).until(() -> job(jobId).status() == JobStatus.FAILED);
        assertThat(job(jobId).error().code()).isEqualTo("delivery_limit_exceeded");
        assertThat(job(jobId).attempts()).as("one claim per delivery: the first and 5 more, the limit").isEqualTo(6);

        darkroom.providers.resetAll();
        darkroom.providers.stubFor(post("/openai/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"created\": 1, \"data\": [{\"b64_json\": \""
                        + Base64.getEncoder().encodeToString(Images.solidPng(8, 8, 0xFF000000, false)) + "\"}]}")));
        java.net.http.HttpResponse<String> replayAnswer = darkroom.post("/admin/parking/replay?limit=50", "", auth(ADMIN_TOKEN));
        assertThat(replayAnswer.statusCode()).as(replayAnswer.body()).isEqualTo(200);
        JsonNode replayed = darkroom.json(replayAnswer);
        String newJobId = replayed.get("replays").valueStream().filter(replay -> replay.get("job_id").asString().equals(jobId))
                .findFirst().orElseThrow().get("new_job_id").asString();

        await().atMost(Duration.ofSeconds(15)).until(() -> job(newJobId).status() == JobStatus.SUCCEEDED);
        assertThat(job(jobId).status()).as("the original stays failed: its caller saw it once").isEqualTo(JobStatus.FAILED);
    }

    @Test
    void operatorsListAndInspectParkedMessagesWithoutTakingThem() {
        String jobId = "job_parked_" + java.util.UUID.randomUUID().toString().substring(0, 8);
        darkroom.apiBean(RabbitTemplate.class).send(darkroom.names.jobsExchange(), "local.interactive",
                MessageBuilder.withBody(("{not json " + jobId).getBytes(StandardCharsets.UTF_8)).setMessageId(jobId)
                        .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());

        await().atMost(Duration.ofSeconds(10)).until(() -> listed(jobId) != null);
        JsonNode entry = listed(jobId);
        assertThat(entry.get("reason").asString()).isEqualTo("rejected");
        assertThat(entry.get("queue").asString()).isEqualTo(darkroom.names.workQueue("local", Lane.INTERACTIVE));
        assertThat(entry.get("parked_at").asString()).isNotBlank();
        java.net.http.HttpResponse<String> inspected = darkroom.get("/admin/parking/" + jobId, auth(ADMIN_TOKEN));
        assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
        assertThat(darkroom.json(inspected).get("body").asString()).isEqualTo("{not json " + jobId);
        assertThat(darkroom.json(inspected).get("headers").has("x-death")).isTrue();

        assertThat(darkroom.get("/admin/parking", auth(DEV_KEY)).statusCode()).as("an API key is no admin token").isEqualTo(401);
        assertThat(darkroom.json(darkroom.get("/admin/parking?limit=0", auth(ADMIN_TOKEN))).get("error").get("param").asString())
                .isEqualTo("limit");
        assertThat(darkroom.get("/admin/parking/job_never_parked", auth(ADMIN_TOKEN)).statusCode()).isEqualTo(404);
        assertThat(listed(jobId)).as("still parked after being listed and inspected").isNotNull();
        long total = darkroom.json(darkroom.get("/admin/parking", auth(ADMIN_TOKEN))).get("total").asLong();
        Long ready = darkroom.apiBean(RabbitTemplate.class).execute(channel -> channel.messageCount(darkroom.names.parkingQueue()));
        assertThat(ready).as("every message is back on the parking queue after a listing").isEqualTo(total);
    }

    /** The listing's entry for {@code jobId}, or null. */
    private JsonNode listed(String jobId) {
        java.net.http.HttpResponse<String> answer = darkroom.get("/admin/parking?limit=100", auth(ADMIN_TOKEN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return darkroom.json(answer).get("data").valueStream().filter(entry -> jobId.equals(entry.get("job_id").asString()))
                .findFirst().orElse(null);
    }

    private Job job(String jobId) {
        return darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow();
    }
}
