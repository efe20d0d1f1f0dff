package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Attempt;
import io.darkroom.model.JobStatus;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FAULTS 9 and 10: retries wait on per-tier delay queues, honouring Retry-After, and never behind a longer one. */
class RetryIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();
    private final String image = "{\"created\": 1, \"data\": [{\"b64_json\": \""
            + Base64.getEncoder().encodeToString(Images.solidPng(16, 16, 0xFF112233, false)) + "\"}]}";

    @BeforeEach
    void reset() {
        darkroom.providers.resetAll();
    }

    @Test
    void rateLimitedCallIsRetriedAfterItsRetryAfterOnTheDelayQueueThenSucceeds() {
        darkroom.providers.stubFor(post("/openai/v1/images/generations").inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}"))
                .willSetStateTo("open"));
        darkroom.providers.stubFor(post("/openai/v1/images/generations").inScenario("limited").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(image)));

        String jobId = submit("{\"model\": \"dall-e-3\", \"prompt\": \"patient\"}");

        await().atMost(Duration.ofSeconds(15)).until(() -> status(jobId) == JobStatus.SUCCEEDED);
        List<Attempt> attempts = darkroom.apiBean(RedisJobStore.class).attemptsOf(jobId);
        assertThat(attempts).extracting(Attempt::outcome).containsExactly("retry", "succeeded");
        long waitedMillis = Duration.between(attempts.get(0).startedAt(), attempts.get(1).startedAt()).toMillis();
        assertThat(waitedMillis).as("the 1 s tier, honouring Retry-After: 1").isBetween(1_000L, 4_000L);
        assertThat(darkroom.apiBean(RedisJobStore.class).find(jobId).orElseThrow().attempts()).as("claims").isEqualTo(2);
    }

    @Test
    void shortRetryScheduledAfterALongOneIsNotHeldBehindIt() {
        darkroom.providers.stubFor(post(urlEqualTo("/openai/v1/images/generations")).withRequestBody(matchingJsonPath("$.prompt", com.github.tomakehurst.wiremock.client.WireMock.equalTo("long")))
                .inScenario("long").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "15").withBody("{}")).willSetStateTo("done"));
        darkroom.providers.stubFor(post(urlEqualTo("/openai/v1/images/generations")).withRequestBody(matchingJsonPath("$.prompt", com.github.tomakehurst.wiremock.client.WireMock.equalTo("short")))
                .inScenario("short").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1").withBody("busy")).willSetStateTo("done"));
        darkroom.providers.stubFor(post(urlEqualTo("/openai/v1/images/generations")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(image)));

        String slow = submit("{\"model\": \"dall-e-3\", \"prompt\": \"long\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !darkroom.apiBean(RedisJobStore.class).attemptsOf(slow).isEmpty());
        String quick = submit("{\"model\": \"dall-e-3\", \"prompt\": \"short\"}");

        await().atMost(Duration.ofSeconds(10)).until(() -> status(quick) == JobStatus.SUCCEEDED);
        assertThat(status(slow)).as("still waiting out its 30 s tier").isEqualTo(JobStatus.QUEUED);
        darkroom.post("/v1/jobs/" + slow + "/cancel", "", auth(DEV_KEY));
    }

    private String submit(String body) {
        return darkroom.json(darkroom.post("/v1/images/generations", body, auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
    }

    private JobStatus status(String jobId) {
        return darkroom.apiBean(RedisJobStore.class).statusOf(jobId).orElseThrow();
    }
}
