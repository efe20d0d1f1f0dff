package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.settings.ProviderSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/** Issue 15: operators see each provider's circuit, workers, permits, limits and queue depths. */
class AdminProvidersIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void eachProviderShowsTheLimitsItsWorkersEnforceTheLiveWorkersServingItAndItsPermitsInUse() {
        ProviderSettings local = darkroom.workerBean(ProviderDirectory.class).settings("local");

        JsonNode provider = await().atMost(Duration.ofSeconds(10)).until(() -> provider("local"),
                found -> found != null && !found.get("workers").isEmpty());

        assertThat(provider.get("circuit").asString()).isEqualTo("closed");
        assertThat(provider.get("concurrency").asInt()).isEqualTo(local.concurrency());
        assertThat(provider.get("requests_per_minute").asInt()).isEqualTo(local.requestsPerMinute());
        assertThat(provider.get("limits_disagree").asBoolean()).isFalse();
        assertThat(provider.get("permits_in_use").asLong()).isBetween(0L, (long) local.concurrency());
        Set<Object> heartbeats = darkroom.apiBean(StringRedisTemplate.class).opsForHash().keys(darkroom.names.workersKey());
        assertThat(provider.get("workers").valueStream().map(JsonNode::asString).toList()).isNotEmpty().allMatch(heartbeats::contains);
        assertThat(provider.get("queues").valueStream().map(queue -> queue.get("lane").asString()).toList())
                .containsExactly("interactive", "bulk");
        assertThat(provider.get("queues").get(0).get("exists").asBoolean()).as("its worker consumes it").isTrue();
        assertThat(provider.get("queues").get(0).get("consumers").asLong()).isPositive();
    }

    @Test
    void queueDepthCountsTheJobsWaitingWhileNoWorkerConsumesThemAndTheCircuitIsUnknownMeanwhile() {
        darkroom.stopWorker();
        List<String> jobs;
        try {
            jobs = List.of(submit(), submit(), submit());

            JsonNode waiting = await().atMost(Duration.ofSeconds(10)).until(() -> provider("local"),
                    found -> interactiveMessages(found) >= jobs.size());
            assertThat(waiting.get("workers").isEmpty()).as("the only worker stopped cleanly").isTrue();
            assertThat(waiting.get("circuit").asString()).isEqualTo("unknown");
        } finally {
            darkroom.startWorker();
        }

        JsonNode drained = await().atMost(Duration.ofSeconds(20)).until(() -> provider("local"),
                found -> interactiveMessages(found) == 0 && !found.get("workers").isEmpty());
        assertThat(drained.get("circuit").asString()).isEqualTo("closed");
    }

    @Test
    void theProvidersViewIsRefusedWithoutTheAdminTokenInTheApisErrorShape() {
        for (HttpResponse<String> refused : List.of(darkroom.get("/admin/providers"), darkroom.get("/admin/providers", auth(DEV_KEY)))) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(darkroom.json(refused).get("error").get("code").asString()).isEqualTo("invalid_admin_token");
            assertThat(darkroom.json(refused).get("error").get("type").asString()).isEqualTo("invalid_request_error");
        }
    }

    private String submit() {
        HttpResponse<String> accepted = darkroom.post("/v1/images/generations", "{\"prompt\": \"waiting\", \"size\": \"256x256\"}",
                auth(DEV_KEY, "Prefer", "respond-async"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return darkroom.json(accepted).get("id").asString();
    }

    private JsonNode provider(String name) {
        HttpResponse<String> answer = darkroom.get("/admin/providers", auth(ADMIN_TOKEN));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return darkroom.json(answer).get("data").valueStream().filter(entry -> entry.get("provider").asString().equals(name))
                .findFirst().orElse(null);
    }

    private static long interactiveMessages(JsonNode provider) {
        return provider == null ? -1 : provider.get("queues").get(0).get("messages").asLong();
    }
}
