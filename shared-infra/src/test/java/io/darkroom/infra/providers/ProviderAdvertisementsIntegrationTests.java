package io.darkroom.infra.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.infra.jobs.WorkerHeartbeats;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** What workers advertise with their heartbeats, read as the api routes on it, on the real local Redis. */
class ProviderAdvertisementsIntegrationTests {

    private final Names names = new Names("it-" + UUID.randomUUID().toString().substring(0, 8));
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private WorkerHeartbeats heartbeats;
    private ProviderAdvertisements advertisements;

    @BeforeEach
    void connect() {
        connections = new LettuceConnectionFactory("127.0.0.1", 6379);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        heartbeats = new WorkerHeartbeats(redis, names);
        advertisements = new ProviderAdvertisements(redis, names);
    }

    @AfterEach
    void cleanUp() {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(names.allKeysPattern()).build())) {
            keys.forEachRemaining(redis::delete);
        }
        connections.destroy();
    }

    @Test
    void nothingIsServedBeforeAnyWorkerAdvertised() {
        ProviderAdvertisements.Snapshot view = advertisements.read();

        assertThat(view.serves("local")).isFalse();
        assertThat(view.usable("local")).isFalse();
    }

    @Test
    void providerALiveWorkerServesIsUsableUnlessItsCircuitIsOpenOnEveryLiveWorker() {
        heartbeats.beat("worker_a", Duration.ofMinutes(1), advertisement(Map.of("local", ProviderAdvertisements.Health.UP,
                "openai", ProviderAdvertisements.Health.OPEN)));
        heartbeats.beat("worker_b", Duration.ofMinutes(1), advertisement(Map.of("openai", ProviderAdvertisements.Health.UP)));

        ProviderAdvertisements.Snapshot both = advertisements.read();
        assertThat(both.usable("local")).isTrue();
        assertThat(both.usable("openai")).as("worker_b still calls it").isTrue();
        assertThat(both.serves("bfl")).isFalse();

        heartbeats.beat("worker_b", Duration.ofMinutes(1), advertisement(Map.of("openai", ProviderAdvertisements.Health.OPEN)));

        ProviderAdvertisements.Snapshot failing = advertisements.read();
        assertThat(failing.serves("openai")).isTrue();
        assertThat(failing.circuitOpen("openai")).isTrue();
        assertThat(failing.usable("openai")).isFalse();
    }

    @Test
    void stoppedWorkersProvidersStayServedAndItsOpenCircuitNoLongerCounts() {
        heartbeats.beat("worker_a", Duration.ofMinutes(1), advertisement(Map.of("openai", ProviderAdvertisements.Health.OPEN)));
        assertThat(advertisements.read().usable("openai")).isFalse();

        heartbeats.forget("worker_a");

        ProviderAdvertisements.Snapshot afterStop = advertisements.read();
        assertThat(afterStop.serves("openai")).as("its work waits in its queue while it restarts").isTrue();
        assertThat(afterStop.circuitOpen("openai")).as("no live worker judges it failing").isFalse();
        assertThat(afterStop.usable("openai")).isTrue();
    }

    private static String advertisement(Map<String, ProviderAdvertisements.Health> providers) {
        return ProviderAdvertisements.encode(new LinkedHashMap<>(providers));
    }
}
