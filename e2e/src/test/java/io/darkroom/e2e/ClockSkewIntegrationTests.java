package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.JobStatus;
import io.darkroom.simulator.ProviderSimulator;
import io.darkroom.simulator.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FAULTS 15: a real worker process whose clock runs an hour ahead (libfaketime) shares a provider's limit
 * with a worker on the right time. Leases expire by the Redis clock, so the fast clock makes no one's
 * permit look expired: the provider (the simulator, counting calls in flight) never sees more than the limit.
 * ({@code FAKETIME_FORCE_MONOTONIC_FIX=0}: without it the JVM's timed waits on the monotonic clock spin.)
 */
class ClockSkewIntegrationTests {

    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})", Pattern.MULTILINE);
    private static final int LIMIT = 2;

    @BeforeEach
    void needsFaketimeAndThePackagedWorker() {
        Assumptions.assumeTrue(Files.exists(FAKETIME), "libfaketime is installed (Debian package faketime)");
        Assumptions.assumeTrue(WorkerProcess.jar() != null, "the worker jar is packaged by 'mvnw verify'");
    }

    @Test
    void workerWhoseClockRunsAnHourAheadStealsNoPermits() throws Exception {
        SimulatorOptions slowProvider = new SimulatorOptions(0, Duration.ofMillis(1500), Duration.ZERO, 0, 0, Duration.ofSeconds(1), 0, 7);
        try (ProviderSimulator provider = new ProviderSimulator(slowProvider);
                Darkroom darkroom = Darkroom.isolated(Map.of(
                        "darkroom.providers.instances.openai.base-url", "http://127.0.0.1:" + provider.port() + "/v1",
                        "darkroom.providers.instances.openai.concurrency", Integer.toString(LIMIT)));
                WorkerProcess ahead = WorkerProcess.start(darkroom, Map.of(), Map.of("LD_PRELOAD", FAKETIME.toString(),
                        "FAKETIME", "+1h", "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"))) {
            assertThat(clockOf(ahead)).as("the process's clock really runs ahead").isAfter(Instant.now().plus(Duration.ofMinutes(50)));

            List<String> jobIds = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                jobIds.add(darkroom.json(darkroom.post("/v1/images/generations", "{\"model\": \"dall-e-2\", \"prompt\": \"skew " + i
                        + "\", \"size\": \"256x256\"}", auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString());
            }
            RedisJobStore jobs = darkroom.apiBean(RedisJobStore.class);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(jobIds).allSatisfy(id -> assertThat(jobs.statusOf(id)).contains(JobStatus.SUCCEEDED)));

            assertThat(provider.stats().maxInFlight()).as("calls in flight at the provider").isEqualTo(LIMIT);
            List<String> holders = jobIds.stream().map(id -> (String) darkroom.redis().opsForHash().get(darkroom.names.jobKey(id), "holder"))
                    .filter(Objects::nonNull).distinct().toList();
            assertThat(holders).as("both workers, the skewed one included, ran jobs").hasSize(2);
        }
    }

    /** The time the process believes it is, read from the timestamp of its last log line (UTC). */
    private static Instant clockOf(WorkerProcess worker) throws Exception {
        Matcher matcher = LOG_TIME.matcher(worker.output());
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        assertThat(last).as("the worker logged with timestamps").isNotNull();
        return LocalDateTime.parse(last).toInstant(ZoneOffset.UTC);
    }
}
