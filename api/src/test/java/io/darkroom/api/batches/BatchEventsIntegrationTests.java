package io.darkroom.api.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.darkroom.api.jobs.HostedImages;
import io.darkroom.api.jobs.JobCancellation;
import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.BatchStatus;
import io.darkroom.model.Ids;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch's final event against the real local Redis, under a namespace unique to this run: readers and
 * sweepers (as on several api instances) race to finalize a batch whose lines are all final. The lines' jobs,
 * their cancellation and their images are not what is raced here and are stubbed; events are recorded, not
 * published.
 */
class BatchEventsIntegrationTests {

    private static final String OWNER = "key_events_test";
    private static final Names NAMES = new Names("it-" + UUID.randomUUID().toString().substring(0, 8));
    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    private final RecordingTrigger webhooks = new RecordingTrigger();
    private final JsonMapper json = JsonMapper.builder().build();
    private BatchStore batches;
    private BatchProgress progress;
    private BatchSweeper sweeper;

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory("127.0.0.1", 6379);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void cleanUp() {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(NAMES.allKeysPattern()).build())) {
            keys.forEachRemaining(redis::delete);
        }
        connections.destroy();
    }

    BatchEventsIntegrationTests() {
        DarkroomProperties properties = new DarkroomProperties(NAMES.namespace(), Duration.ofHours(1), Duration.ofHours(1), 5,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(10), "http://127.0.0.1:8080");
        batches = new BatchStore(redis, NAMES, properties);
        BatchView views = new BatchView(json);
        BatchEvents events = new BatchEvents(batches, views, webhooks, json);
        progress = new BatchProgress(batches, new BatchOutput(mock(HostedImages.class), json), new FileStore(redis, connections, NAMES, properties),
                mock(RedisJobStore.class), mock(JobCancellation.class), events, mock(ImageStore.class), views);
        sweeper = new BatchSweeper(batches, progress, mock(BatchSubmission.class), events, mock(io.darkroom.infra.lifecycle.JobLifecycle.class));
    }

    @Test
    void batchFinalizedByRacingReadersAndSweepersSendsItsEventExactlyOnce() throws Exception {
        for (int round = 0; round < 20; round++) {
            String id = aBatchWhoseLinesAreAllFinal();
            Instant giveUp = Instant.now().plusSeconds(10);

            // Sweepers (one per api instance) and readers of the batch, each going on until the batch is done with.
            race(8, racer -> {
                do {
                    if (racer % 2 == 0) {
                        progress.refresh(OWNER, id);
                    } else {
                        sweeper.sweep();
                    }
                } while (batches.openBatches(100).contains(id) && Instant.now().isBefore(giveUp));
            });

            assertThat(webhooks.eventsOf(id)).as("round %d: one batch.completed for batch %s", round, id).containsExactly("completed");
            assertThat(batches.status(id)).contains(BatchStatus.COMPLETED);
            assertThat(batches.openBatches(100)).as("no longer looked at by the sweeper").doesNotContain(id);
        }
    }

    @Test
    void eventOfABatchWhoseSenderDiedIsSentAgainByOneSweeperAfterTheTakeoverAsTheSameEvent() throws Exception {
        String id = aBatchWhoseLinesAreAllFinal();
        webhooks.dying.set(1);
        assertThatThrownBy(() -> progress.refresh(OWNER, id)).isInstanceOf(ApiDied.class);

        race(4, racer -> sweeper.sweep());
        assertThat(webhooks.attemptsFor(id)).as("left to its sender while it may still be sending").hasSize(1);
        // As if the sender died longer ago than the takeover.
        redis.opsForHash().put(batchKey(id), "event_sender",
                Long.toString(System.currentTimeMillis() - BatchStore.EVENT_TAKEOVER.plusSeconds(1).toMillis()));
        race(4, racer -> sweeper.sweep());

        List<Sent> attempts = webhooks.attemptsFor(id);
        assertThat(attempts).extracting(Sent::published).as("cut off, then sent by one sweeper").containsExactly(false, true);
        assertThat(attempts.getLast()).as("the same batch.<status> (so the same webhook-id), timestamp and data")
                .usingRecursiveComparison().ignoringFields("published").isEqualTo(attempts.getFirst());
        assertThat(batches.openBatches(100)).doesNotContain(id);
    }

    @Test
    void eventTheBrokerDidNotConfirmIsSentAgainByTheNextSweepAsTheSameEvent() throws Exception {
        String id = aBatchWhoseLinesAreAllFinal();
        webhooks.failing.set(1);

        assertThat(progress.refresh(OWNER, id).status()).as("ended even so").isEqualTo(BatchStatus.COMPLETED);
        assertThat(batches.openBatches(100)).as("still looked at by the sweeper").contains(id);
        race(4, racer -> sweeper.sweep());

        List<Sent> attempts = webhooks.attemptsFor(id);
        assertThat(attempts).extracting(Sent::published).containsExactly(false, true);
        assertThat(attempts.getLast()).usingRecursiveComparison().ignoringFields("published").isEqualTo(attempts.getFirst());
        assertThat(batches.openBatches(100)).doesNotContain(id);
    }

    /** Runs {@code racers} callers of {@code racer} at once, each told its number, and waits for them all. */
    private static void race(int racers, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> running = new ArrayList<>();
            for (int number = 0; number < racers; number++) {
                int each = number;
                running.add(pool.submit(() -> {
                    start.await();
                    racer.run(each);
                    return null;
                }));
            }
            start.countDown();
            for (Future<Object> one : running) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Racer {
        void run(int number) throws Exception;
    }

    /** A running batch of two lines that both finished (their jobs expired since, which does not matter here). */
    private String aBatchWhoseLinesAreAllFinal() {
        String id = Ids.newBatchId();
        String now = Long.toString(Instant.now().getEpochSecond());
        Map<String, String> fields = new HashMap<>(Map.of("id", id, "owner", OWNER, "input_file_id", "file-test", "endpoint",
                "/v1/images/generations", "created_at", now, "status", "in_progress", "total", "2", "metadata", "{}"));
        fields.putAll(Map.of("submitted_at", now, "in_progress_at", now, "done_succeeded", "2"));
        batches.save(OWNER, id, fields);
        batches.registerLines(id, List.of("line-1", "line-2"), List.of(Ids.batchLineJobId(id, 1), Ids.batchLineJobId(id, 2)));
        batches.open(id, Instant.now().plus(BatchesController.COMPLETION_WINDOW));
        return id;
    }

    private String batchKey(String id) {
        return NAMES.namespace() + ":batch:" + id;
    }

    /** An attempt to hand a batch's event to the dispatcher. */
    private record Sent(String batchId, String status, String timestamp, String data, boolean published) {
    }

    /**
     * Records the batch events it is handed instead of publishing them; the first {@link #failing} attempts fail as
     * a publish the broker did not confirm does, and {@link #dying} ones as if the api died in the middle.
     */
    private static final class RecordingTrigger extends WebhookTrigger {

        private final Queue<Sent> attempts = new ConcurrentLinkedQueue<>();
        private final AtomicInteger failing = new AtomicInteger();
        private final AtomicInteger dying = new AtomicInteger();

        RecordingTrigger() {
            super(null);
        }

        @Override
        public void triggerBatch(String batchId, String owner, String status, String timestamp, String batchJson) {
            boolean fails = failing.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            boolean dies = !fails && dying.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
            attempts.add(new Sent(batchId, status, timestamp, batchJson, !fails && !dies));
            if (fails) {
                throw new IllegalStateException("no confirm from the broker");
            }
            if (dies) {
                throw new ApiDied();
            }
        }

        List<Sent> attemptsFor(String batchId) {
            return attempts.stream().filter(sent -> sent.batchId().equals(batchId)).toList();
        }

        List<String> eventsOf(String batchId) {
            return attemptsFor(batchId).stream().filter(Sent::published).map(Sent::status).toList();
        }
    }

    /** Nothing after it runs, and no catch of a RuntimeException stops it: as if the process ended there. */
    private static final class ApiDied extends Error {
    }
}
