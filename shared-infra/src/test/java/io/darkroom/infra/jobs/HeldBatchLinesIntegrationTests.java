package io.darkroom.infra.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.infra.LocalRedis;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.darkroom.model.ValidatedImageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The bulk lane's fair share in Redis (issue 13 item 6): a key's held batch lines are released only as far as its
 * tier's batch lines in flight allow, across its batches, and each line's end makes room for one more.
 */
class HeldBatchLinesIntegrationTests {

    private static final LocalRedis LOCAL = new LocalRedis();
    private static final Names NAMES = LOCAL.names();
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    private static StringRedisTemplate redis;
    private static RedisJobStore store;

    @BeforeAll
    static void connect() {
        redis = LOCAL.redis();
        store = LOCAL.jobStore();
    }

    @AfterAll
    static void cleanUp() {
        LOCAL.close();
    }

    @Test
    void heldLinesAreReleasedOnlyAsFarAsTheKeysLinesInFlightAllow() {
        String owner = "key_" + UUID.randomUUID();
        String batch = newBatch(owner, 2);
        List<String> lines = heldLines(batch, owner, 5);
        assertThat(redis.opsForZSet().rank(NAMES.unpublishedKey(), lines.getFirst())).as("a held line is not waiting to be published").isNull();
        assertThat(store.releaseHeldLines(batch)).as("nothing before the batch is in progress").isEmpty();

        redis.opsForHash().put(NAMES.batchKey(batch), "status", "in_progress");
        List<String> released = store.releaseHeldLines(batch);
        assertThat(released).hasSize(2).isSubsetOf(lines);
        assertThat(store.releaseHeldLines(batch)).as("no room until a line ends").isEmpty();
        assertThat(redis.opsForZSet().score(NAMES.unpublishedKey(), released.getFirst())).as("released lines wait to be published").isNotNull();

        TransitionOutcome ended = store.fail(released.getFirst(), null, new JobError("test", "ended"));
        assertThat(ended.frees()).as("a held line's end names its batch").isEqualTo(batch);
        List<String> next = store.releaseHeldLines(batch);
        assertThat(next).hasSize(1).doesNotContainAnyElementsOf(released);
        assertThat(redis.opsForZSet().size(NAMES.batchLinesInFlightKey(owner))).isEqualTo(2);
        assertThat(redis.opsForZSet().size(NAMES.batchKey(batch) + ":held")).isEqualTo(2);
    }

    @Test
    void linesOfAllTheKeysBatchesShareItsRoom() {
        String owner = "key_" + UUID.randomUUID();
        String first = newBatch(owner, 3);
        String second = newBatch(owner, 3);
        heldLines(first, owner, 2);
        List<String> secondLines = heldLines(second, owner, 4);
        redis.opsForHash().put(NAMES.batchKey(first), "status", "in_progress");
        redis.opsForHash().put(NAMES.batchKey(second), "status", "in_progress");

        assertThat(store.releaseHeldLines(first)).hasSize(2);
        assertThat(store.releaseHeldLines(second)).as("one room left of the key's three").hasSize(1).isSubsetOf(secondLines);
        assertThat(store.releaseHeldLines(newBatchOf("key_" + UUID.randomUUID()))).as("another key's batch has its own room").isEmpty();
    }

    @Test
    void aHeldLineCancelledBeforeItsTurnTakesNoRoom() {
        String owner = "key_" + UUID.randomUUID();
        String batch = newBatch(owner, 1);
        List<String> lines = heldLines(batch, owner, 3);
        TransitionOutcome cancelled = store.cancel(lines.getFirst(), new JobError("cancelled", "by its owner"));
        assertThat(cancelled.applied()).isTrue();
        redis.opsForHash().put(NAMES.batchKey(batch), "status", "in_progress");

        List<String> first = store.releaseHeldLines(batch);
        assertThat(first).hasSize(1).isSubsetOf(lines.subList(1, 3));
        store.fail(first.getFirst(), null, new JobError("test", "ended"));
        List<String> second = store.releaseHeldLines(batch);
        assertThat(second).hasSize(1).isSubsetOf(lines.subList(1, 3)).doesNotContainAnyElementsOf(first);
        store.fail(second.getFirst(), null, new JobError("test", "ended"));

        assertThat(store.releaseHeldLines(batch)).as("the cancelled line is never released").isEmpty();
        assertThat(redis.opsForZSet().size(NAMES.batchKey(batch) + ":held")).as("and it left the held set").isZero();
    }

    @Test
    void releasedLinesAreChargedToTheKeysDayAndWhatExceedsItWaits() {
        String owner = "key_" + UUID.randomUUID();
        String batch = newBatchOf(owner);
        redis.opsForHash().put(NAMES.batchKey(batch), RedisJobStore.IMAGES_PER_DAY, "3");
        redis.opsForHash().putAll(NAMES.limitsKey(owner), java.util.Map.of("day", Long.toString(System.currentTimeMillis() / 86_400_000),
                "day_count", "1"));
        heldLines(batch, owner, 4);
        redis.opsForHash().put(NAMES.batchKey(batch), "status", "in_progress");

        assertThat(store.releaseHeldLines(batch)).as("the day had 2 of its 3 images left").hasSize(2);
        assertThat(redis.opsForHash().get(NAMES.limitsKey(owner), "day_count")).isEqualTo("3");
        assertThat(store.releaseHeldLines(batch)).isEmpty();
        assertThat(redis.getExpire(NAMES.limitsKey(owner))).as("the count lives until the day ends").isPositive();
    }

    @Test
    void releasedLinesReserveTheirExpectedCostAgainstTheKeysBudgetAndTheirEndSettlesIt() {
        String owner = "key_" + UUID.randomUUID();
        String batch = newBatchOf(owner);
        redis.opsForHash().put(NAMES.batchKey(batch), RedisJobStore.BUDGET_DAILY_MICROS, "100000");
        List<String> lines = new ArrayList<>();
        for (int index = 0; index < 4; index++) {
            Job job = line(owner);
            store.createLine(job, new RedisJobStore.BatchLine(batch, NAMES.batchKey(batch), "priced-" + index, Duration.ofHours(1), true)
                    .costing(40_000));
            lines.add(job.id());
        }
        redis.opsForHash().put(NAMES.batchKey(batch), "status", "in_progress");
        String day = Long.toString(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay());

        List<String> released = store.releaseHeldLines(batch);
        assertThat(released).as("0.10 USD holds two 0.04 lines, not three").hasSize(2);
        assertThat(redis.opsForHash().get(NAMES.budgetKey(owner), "rd:" + day)).isEqualTo("80000");
        assertThat(store.releaseHeldLines(batch)).isEmpty();

        store.fail(released.getFirst(), null, new JobError("test", "ended without cost"));
        assertThat(redis.opsForHash().get(NAMES.budgetKey(owner), "rd:" + day)).as("the ended line's reservation settled").isEqualTo("40000");
        assertThat(store.releaseHeldLines(batch)).hasSize(1).isSubsetOf(lines);
    }

    @Test
    void aLineOfAnUnlimitedBatchIsPublishedNotHeldAndFreesNothing() {
        String owner = "key_" + UUID.randomUUID();
        String batch = newBatchOf(owner);
        Job job = line(owner);
        store.createLine(job, new RedisJobStore.BatchLine(batch, NAMES.batchKey(batch), "plain", Duration.ofHours(1), false));

        assertThat(redis.opsForZSet().score(NAMES.unpublishedKey(), job.id())).isNotNull();
        assertThat(store.fail(job.id(), null, new JobError("test", "ended")).frees()).isNull();
    }

    /** A validating batch of {@code owner} whose key may have {@code linesInFlight} lines in flight. */
    private static String newBatch(String owner, int linesInFlight) {
        String batch = newBatchOf(owner);
        redis.opsForHash().put(NAMES.batchKey(batch), RedisJobStore.LINES_IN_FLIGHT, Integer.toString(linesInFlight));
        return batch;
    }

    private static String newBatchOf(String owner) {
        String batch = Ids.newBatchId();
        redis.opsForHash().putAll(NAMES.batchKey(batch), java.util.Map.of("status", "validating", "owner", owner));
        redis.expire(NAMES.batchKey(batch), Duration.ofMinutes(5));
        return batch;
    }

    private static List<String> heldLines(String batch, String owner, int count) {
        List<String> ids = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            Job job = line(owner);
            assertThat(store.createLine(job, new RedisJobStore.BatchLine(batch, NAMES.batchKey(batch), "line-" + index, Duration.ofHours(1),
                    true))).isPresent();
            ids.add(job.id());
        }
        return ids;
    }

    private static Job line(String owner) {
        ValidatedImageRequest request = CATALOG.validate(ImageRequest.of("local/fast", "a line"));
        return Job.queued(Ids.newJobId(), owner, CATALOG.find("local/fast").orElseThrow(), "local", Lane.BULK, request);
    }
}
