package io.darkroom.infra.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.infra.LocalRedis;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The owner's job index, written by {@link RedisJobStore#create(Job)}, against the real local Redis under a namespace of its own. */
class OwnerJobIndexIntegrationTests {

    private static final LocalRedis LOCAL = new LocalRedis();
    private static final Names NAMES = LOCAL.names();
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static StringRedisTemplate redis;
    private static RedisJobStore store;
    private static OwnerJobIndex index;

    @BeforeAll
    static void connect() {
        redis = LOCAL.redis();
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        store = new RedisJobStore(redis, NAMES, json, RETENTION, Duration.ofSeconds(2));
        index = new OwnerJobIndex(redis, NAMES);
    }

    @AfterAll
    static void cleanUp() {
        LOCAL.close();
    }

    @Test
    void pagesListEveryJobOnceNewestFirstWithTiesByIdDescending() {
        String owner = anOwner();
        List<Job> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(store.create(aJob(owner, "local/fast")));
        }
        List<String> expected = created.stream()
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed()).map(Job::id).toList();

        List<String> listed = new ArrayList<>();
        OwnerJobIndex.Page page = index.page(owner, OwnerJobIndex.Filter.NONE, null, 5).orElseThrow();
        listed.addAll(page.jobIds());
        int pages = 1;
        while (page.hasMore()) {
            page = index.page(owner, OwnerJobIndex.Filter.NONE, page.cursor(), 5).orElseThrow();
            listed.addAll(page.jobIds());
            pages++;
        }

        assertThat(listed).as("no duplicates, no gaps, newest first").containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(5);
        assertThat(page.cursor()).isEqualTo(expected.getLast());
    }

    @Test
    void anExpiredJobIsNeverListedAndItsEntryIsDropped() {
        String owner = anOwner();
        Job oldest = store.create(aJob(owner, "local/fast"));
        Job expired = store.create(aJob(owner, "local/fast"));
        Job newest = store.create(aJob(owner, "local/fast"));
        redis.delete(NAMES.jobKey(expired.id()));

        OwnerJobIndex.Page page = index.page(owner, OwnerJobIndex.Filter.NONE, null, 10).orElseThrow();

        // newest first; two jobs of one millisecond by id, descending
        assertThat(page.jobIds()).containsExactlyElementsOf(java.util.stream.Stream.of(oldest, newest)
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed()).map(Job::id).toList());
        assertThat(page.hasMore()).isFalse();
        assertThat(redis.opsForZSet().range(NAMES.ownerJobsKey(owner), 0, -1)).containsExactlyInAnyOrder(newest.id(), oldest.id());
    }

    @Test
    void theIndexLivesAsLongAsItsLongestLivedJobAndANewJobDropsExpiredOnesAtItsOldEnd() {
        String owner = anOwner();
        Job first = store.create(aJob(owner, "local/fast"));
        Job second = store.create(aJob(owner, "local/fast"));
        redis.delete(NAMES.jobKey(first.id()));
        redis.delete(NAMES.jobKey(second.id()));

        Job line = store.createLine(aJob(owner, "local/fast"), aBatchLine("batch_long", Duration.ofHours(30))).orElseThrow();
        Job third = store.create(aJob(owner, "local/fast"));

        assertThat(redis.opsForZSet().range(NAMES.ownerJobsKey(owner), 0, -1)).containsExactlyInAnyOrder(line.id(), third.id());
        assertThat(redis.getExpire(NAMES.ownerJobsKey(owner))).as("the batch line's 30 hours, not the job retention")
                .isGreaterThan(Duration.ofHours(29).toSeconds());
    }

    @Test
    void aFilterThatMatchesLittleStopsAfterTheBoundAndTheCursorContinuesFromTheLastJobExamined() {
        String owner = anOwner();
        Job canceled = store.create(aJob(owner, "local/fast"));
        store.cancel(canceled.id(), new JobError("canceled", "test"));
        List<Job> queued = new ArrayList<>();
        for (int i = 0; i < OwnerJobIndex.MAX_EXAMINED + 5; i++) {
            queued.add(store.create(aJob(owner, "local/fast")));
        }
        OwnerJobIndex.Filter onlyCanceled = new OwnerJobIndex.Filter(JobStatus.CANCELED, null, null, null, null);

        OwnerJobIndex.Page first = index.page(owner, onlyCanceled, null, 10).orElseThrow();
        OwnerJobIndex.Page second = index.page(owner, onlyCanceled, first.cursor(), 10).orElseThrow();

        assertThat(first.jobIds()).as("examined %d of the newest, none canceled", OwnerJobIndex.MAX_EXAMINED).isEmpty();
        assertThat(first.hasMore()).isTrue();
        // the index's own order (newest first, jobs of one millisecond by id, descending), not the order of creation:
        // many of these jobs share a millisecond
        String lastExamined = redis.opsForZSet().reverseRange(NAMES.ownerJobsKey(owner), OwnerJobIndex.MAX_EXAMINED - 1,
                OwnerJobIndex.MAX_EXAMINED - 1).iterator().next();
        assertThat(first.cursor()).isEqualTo(lastExamined);
        assertThat(queued.stream().map(Job::id)).contains(lastExamined);
        assertThat(second.jobIds()).containsExactly(canceled.id());
        assertThat(second.hasMore()).isFalse();
    }

    @Test
    void filtersByModelAndBatchAndCreationRange() {
        String owner = anOwner();
        Job fast = store.create(aJob(owner, "local/fast"));
        Job slow = store.create(aJob(owner, "local/slow"));
        Job line = store.createLine(aJob(owner, "local/fast"), aBatchLine("batch_mine", Duration.ofMinutes(5))).orElseThrow();
        Job otherLine = store.createLine(aJob(owner, "local/fast"), aBatchLine("batch_other", Duration.ofMinutes(5))).orElseThrow();
        long createdSecond = line.createdAt().getEpochSecond();

        assertThat(ids(owner, new OwnerJobIndex.Filter(null, "local/slow", null, null, null))).containsExactly(slow.id());
        assertThat(ids(owner, new OwnerJobIndex.Filter(null, null, "batch_mine", null, null))).containsExactly(line.id());
        assertThat(ids(owner, new OwnerJobIndex.Filter(null, "local/fast", null, null, null)))
                .containsExactlyInAnyOrder(fast.id(), line.id(), otherLine.id());
        assertThat(ids(owner, new OwnerJobIndex.Filter(null, null, null, Instant.ofEpochSecond(createdSecond - 1),
                Instant.ofEpochSecond(createdSecond + 1)))).as("created in the second between").contains(line.id());
        assertThat(ids(owner, new OwnerJobIndex.Filter(null, null, null, Instant.ofEpochSecond(createdSecond), null)))
                .as("created_after is exclusive").doesNotContain(line.id());
        assertThat(ids(owner, new OwnerJobIndex.Filter(null, null, null, null, Instant.ofEpochSecond(createdSecond))))
                .as("created_before is exclusive").doesNotContain(line.id());
    }

    @Test
    void anotherOwnersJobIsNoCursorAndTheirJobsAreNotListed() {
        String mine = anOwner();
        String theirs = anOwner();
        Job myJob = store.create(aJob(mine, "local/fast"));
        Job theirJob = store.create(aJob(theirs, "local/fast"));

        assertThat(index.page(mine, OwnerJobIndex.Filter.NONE, theirJob.id(), 10)).isEmpty();
        assertThat(index.page(mine, OwnerJobIndex.Filter.NONE, "job_unknown", 10)).isEmpty();
        assertThat(ids(mine, OwnerJobIndex.Filter.NONE)).containsExactly(myJob.id());
    }

    private static List<String> ids(String owner, OwnerJobIndex.Filter filter) {
        return index.page(owner, filter, null, 100).orElseThrow().jobIds();
    }

    private static String anOwner() {
        return "key_" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static RedisJobStore.BatchLine aBatchLine(String batchId, Duration retention) {
        String batchKey = NAMES.namespace() + ":batch:" + batchId + UUID.randomUUID();
        redis.opsForHash().put(batchKey, "status", "validating");
        redis.expire(batchKey, Duration.ofMinutes(5));
        return new RedisJobStore.BatchLine(batchId, batchKey, "line", retention, false);
    }

    private static Job aJob(String owner, String model) {
        return Job.queued(Ids.newJobId(), owner, CATALOG.find(model).orElseThrow(), "local", Lane.INTERACTIVE,
                CATALOG.validate(ImageRequest.of(model, "a test")));
    }
}
