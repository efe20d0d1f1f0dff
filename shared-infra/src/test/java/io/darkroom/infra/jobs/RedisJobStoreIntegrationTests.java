package io.darkroom.infra.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.infra.LocalRedis;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.darkroom.model.ValidatedImageRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The job store against the real local Redis, under a namespace unique to this run. */
class RedisJobStoreIntegrationTests {

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
    void createdJobIsQueuedStampedByRedisAndExpiresAfterTheRetention() {
        Job created = store.create(aJob());

        Job found = store.find(created.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(found.createdAt()).isEqualTo(created.createdAt()).isNotNull();
        assertThat(found.request()).isEqualTo(created.request());
        assertThat(redis.getExpire(NAMES.jobKey(created.id()))).isBetween(590L, 600L);
    }

    @Test
    void batchLineIsCreatedOnceOnlyWhileItsBatchQueuesAndCountsAndListsItselfWhenFinal() {
        String batchKey = NAMES.namespace() + ":batch:batch_test" + UUID.randomUUID();
        redis.opsForHash().put(batchKey, "status", "validating");
        redis.expire(batchKey, Duration.ofMinutes(5));
        RedisJobStore.BatchLine line = new RedisJobStore.BatchLine("batch_test", batchKey, "line-1", Duration.ofHours(30), false);
        Job job = aJob();

        assertThat(store.createLine(job, line)).isPresent();
        assertThat(store.createLine(job, line)).as("a line submitted again is not created twice").isEmpty();
        assertThat(redis.getExpire(NAMES.jobKey(job.id()))).as("lives as long as its batch").isGreaterThan(Duration.ofHours(29).toSeconds());
        store.cancel(job.id(), new io.darkroom.model.JobError("canceled", "test"));
        assertThat(redis.opsForHash().get(batchKey, "done_canceled")).isEqualTo("1");
        assertThat(redis.opsForList().range(batchKey + ":finished", 0, -1)).containsExactly("line-1\t" + job.id());

        redis.opsForHash().put(batchKey, "status", "cancelling");
        assertThat(store.createLine(aJob(), new RedisJobStore.BatchLine("batch_test", batchKey, "line-2", Duration.ofHours(30), false)))
                .as("nothing is created once the batch stopped queueing").isEmpty();
    }

    @Test
    void creatingAJobWhoseIdExistsFails() {
        Job job = store.create(aJob());

        assertThatThrownBy(() -> store.create(job)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofManyConcurrentClaimsExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            Job job = store.create(aJob());
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService racers = Executors.newFixedThreadPool(4)) {
                List<Future<TransitionOutcome>> outcomes = new java.util.ArrayList<>();
                for (int racer = 0; racer < 4; racer++) {
                    String claim = "claim-" + racer;
                    outcomes.add(racers.submit(() -> {
                        start.await();
                        return store.claim(job.id(), claim, false);
                    }));
                }
                start.countDown();
                long winners = 0;
                for (Future<TransitionOutcome> outcome : outcomes) {
                    winners += outcome.get().applied() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
            assertThat(store.find(job.id()).orElseThrow().attempts()).isEqualTo(1);
        }
    }

    @Test
    void plainDuplicateCannotTakeOverARunningJobButARedeliveryCan() {
        Job job = store.create(aJob());
        assertThat(store.claim(job.id(), "first", false).applied()).isTrue();

        TransitionOutcome duplicate = store.claim(job.id(), "duplicate", false);
        TransitionOutcome redelivery = store.claim(job.id(), "redelivery", true);

        assertThat(duplicate).isEqualTo(new TransitionOutcome(false, "running"));
        assertThat(redelivery.applied()).isTrue();
        assertThat(store.find(job.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void redeliveryOfAJobWhoseWorkerStillBeatsIsHeldNotTakenOver() {
        WorkerHeartbeats heartbeats = new WorkerHeartbeats(redis, NAMES);
        heartbeats.beat("worker-alive", Duration.ofSeconds(10));
        Job job = store.create(aJob());
        store.claim(job.id(), "first", false, "worker-alive");

        TransitionOutcome redelivery = store.claim(job.id(), "redelivery", true, "worker-other");

        assertThat(redelivery.held()).isTrue();
        assertThat(store.heldByLiveWorker(job.id())).isTrue();
        assertThat(store.find(job.id()).orElseThrow().attempts()).as("not claimed a second time").isEqualTo(1);
        assertThat(store.succeed(job.id(), "first", "local", aResult()).applied()).as("the holder still owns it").isTrue();
    }

    @Test
    void redeliveryTakesOverOnceTheHoldersHeartbeatExpired() throws InterruptedException {
        WorkerHeartbeats heartbeats = new WorkerHeartbeats(redis, NAMES);
        heartbeats.beat("worker-killed", Duration.ofMillis(300));
        Job job = store.create(aJob());
        store.claim(job.id(), "first", false, "worker-killed");
        assertThat(store.claim(job.id(), "too-soon", true, "worker-other").held()).isTrue();

        Thread.sleep(400);

        assertThat(store.heldByLiveWorker(job.id())).isFalse();
        assertThat(store.claim(job.id(), "successor", true, "worker-other").applied()).isTrue();
        assertThat(store.succeed(job.id(), "first", "local", aResult())).isEqualTo(new TransitionOutcome(false, "stale"));
    }

    @Test
    void heldRedeliveryNeverRunsAJobItsHolderQueuedForADelayedRetry() {
        WorkerHeartbeats heartbeats = new WorkerHeartbeats(redis, NAMES);
        heartbeats.beat("worker-alive", Duration.ofSeconds(10));
        Job job = store.create(aJob());
        store.claim(job.id(), "first", false, "worker-alive");
        assertThat(store.claim(job.id(), "copy", true, "worker-other").held()).isTrue();

        store.scheduleRetry(job.id(), "first", "local", java.time.Instant.now().plusSeconds(60));

        assertThat(store.takeOverIfHolderGone(job.id(), "copy", "worker-other")).isEqualTo(new TransitionOutcome(false, "queued"));
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
    }

    @Test
    void abandonedJobIsTakenOverAtOnceByTheNextDelivery() {
        WorkerHeartbeats heartbeats = new WorkerHeartbeats(redis, NAMES);
        heartbeats.beat("worker-alive", Duration.ofSeconds(10));
        Job job = store.create(aJob());
        store.claim(job.id(), "threw", false, "worker-alive");

        assertThat(store.abandon(job.id(), "threw")).isTrue();

        assertThat(store.heldByLiveWorker(job.id())).isFalse();
        assertThat(store.expiredLeases(1000)).as("its lease runs on: no reaper race with the redelivery").doesNotContain(job.id());
        assertThat(store.claim(job.id(), "next", true, "worker-alive").applied()).isTrue();
        assertThat(store.abandon(job.id(), "threw")).as("only the claim holder gives a job up").isFalse();
    }

    @Test
    void resultOfAClaimThatWasTakenOverIsDiscarded() {
        Job job = store.create(aJob());
        store.claim(job.id(), "stalled", false);
        store.claim(job.id(), "successor", true);

        TransitionOutcome late = store.succeed(job.id(), "stalled", "local", aResult());
        TransitionOutcome current = store.succeed(job.id(), "successor", "local", aResult());

        assertThat(late).isEqualTo(new TransitionOutcome(false, "stale"));
        assertThat(current.applied()).isTrue();
        Job done = store.find(job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
    }

    @Test
    void finishedJobCannotBeClaimedOrFinishedAgain() {
        Job job = store.create(aJob());
        store.claim(job.id(), "only", false);
        store.succeed(job.id(), "only", "local", aResult());

        assertThat(store.claim(job.id(), "again", true)).isEqualTo(new TransitionOutcome(false, "succeeded"));
        assertThat(store.fail(job.id(), "only", new JobError("x", "y"))).isEqualTo(new TransitionOutcome(false, "succeeded"));
        assertThat(store.find(job.id()).orElseThrow().error()).isNull();
    }

    @Test
    void queuedJobCannotSucceedWithoutBeingClaimed() {
        Job job = store.create(aJob());

        assertThat(store.succeed(job.id(), "nobody", "local", aResult())).isEqualTo(new TransitionOutcome(false, "queued"));
    }

    @Test
    void failingAnUnclaimedJobRecordsTheError() {
        Job job = store.create(aJob());

        assertThat(store.fail(job.id(), null, new JobError("queue_unavailable", "no broker")).applied()).isTrue();
        assertThat(store.find(job.id()).orElseThrow().error()).isEqualTo(new JobError("queue_unavailable", "no broker"));
    }

    @Test
    void attemptsAreLoggedInOrderAndSuccessRecordsTheProviderThatMadeIt() {
        Job job = store.create(aJob());
        store.claim(job.id(), "c", false);
        store.recordAttempt(job.id(), new io.darkroom.model.Attempt(1, "replicate", "fallback", "provider_unavailable", "401", 12,
                java.time.Instant.ofEpochSecond(1), null));
        store.recordAttempt(job.id(), new io.darkroom.model.Attempt(2, "fal", "succeeded", null, null, 30, java.time.Instant.ofEpochSecond(2),
                "req-fal-2"));

        store.succeed(job.id(), "c", "fal", aResult());

        assertThat(store.attemptsOf(job.id())).extracting(io.darkroom.model.Attempt::provider).containsExactly("replicate", "fal");
        assertThat(store.attemptsOf(job.id())).extracting(io.darkroom.model.Attempt::providerRequestId).containsExactly(null, "req-fal-2");
        assertThat(store.find(job.id()).orElseThrow().provider()).isEqualTo("fal");
    }

    @Test
    void newJobIsUnpublishedUntilItsMessageIsConfirmedOrClaimed() throws Exception {
        Job confirmed = store.create(aJob());
        Job lost = store.create(aJob());
        store.markPublished(confirmed.id());
        Thread.sleep(30);

        assertThat(store.unpublishedFor(Duration.ofMillis(10), 1000)).contains(lost.id()).doesNotContain(confirmed.id());
        assertThat(store.unpublishedFor(Duration.ofMinutes(1), 1000)).doesNotContain(lost.id());
        store.claim(lost.id(), "c", false);
        assertThat(store.unpublishedFor(Duration.ZERO, 1000)).doesNotContain(lost.id());
    }

    @Test
    void claimedJobIsLeasedAndItsLeaseExpiresUnlessRenewed() throws Exception {
        Job renewed = store.create(aJob());
        Job abandoned = store.create(aJob());
        store.claim(renewed.id(), "alive", false);
        store.claim(abandoned.id(), "dead", false);

        Thread.sleep(1_200);
        assertThat(store.renewLease(renewed.id(), "alive")).isTrue();
        assertThat(store.renewLease(renewed.id(), "someone-else")).isFalse();
        store.succeed(renewed.id(), "alive", "local", aResult());
        assertThat(store.renewLease(renewed.id(), "alive")).as("a renewal racing the holder's own finish loses nothing").isTrue();
        Thread.sleep(1_200);

        assertThat(store.expiredLeases(1000)).contains(abandoned.id()).doesNotContain(renewed.id());
        store.succeed(renewed.id(), "alive", "local", aResult());
        store.requeue(abandoned.id());
        assertThat(store.expiredLeases(1000)).doesNotContain(abandoned.id(), renewed.id());
    }

    @Test
    void requeuedJobLosesItsClaimSoItsLateResultIsDiscarded() {
        Job job = store.create(aJob());
        store.claim(job.id(), "stalled", false);

        assertThat(store.requeue(job.id()).applied()).isTrue();
        assertThat(store.succeed(job.id(), "stalled", "local", aResult()).applied()).isFalse();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(store.unpublishedFor(Duration.ZERO, 1000)).contains(job.id());
    }

    @Test
    void scheduledRetryRequeuesOnTheProviderToRetry() {
        Job job = store.create(aJob());
        store.claim(job.id(), "c", false);

        assertThat(store.scheduleRetry(job.id(), "c", "fal", java.time.Instant.now().plusSeconds(5)).applied()).isTrue();
        assertThat(store.scheduleRetry(job.id(), "c", "fal", java.time.Instant.now()).applied()).as("only once").isFalse();
        Job queued = store.find(job.id()).orElseThrow();
        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.provider()).isEqualTo("fal");
        assertThat(store.claim(job.id(), "next", false).applied()).isTrue();
        assertThat(store.find(job.id()).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void canceledJobCannotBeClaimedAndARunningOnesResultIsDiscarded() {
        Job queued = store.create(aJob());
        Job running = store.create(aJob());
        store.claim(running.id(), "worker", false);

        assertThat(store.cancel(queued.id(), new JobError("canceled", "by the caller")).applied()).isTrue();
        assertThat(store.cancel(running.id(), new JobError("canceled", "by the caller")).applied()).isTrue();

        assertThat(store.claim(queued.id(), "late", true)).isEqualTo(new TransitionOutcome(false, "canceled"));
        assertThat(store.succeed(running.id(), "worker", "local", aResult())).isEqualTo(new TransitionOutcome(false, "canceled"));
        assertThat(store.find(running.id()).orElseThrow().error().code()).isEqualTo("canceled");
        assertThat(store.cancel(running.id(), new JobError("canceled", "again")).applied()).isFalse();
    }

    @Test
    void reaperLeavesAJobWhoseLeaseIsLiveAndRequeuesOneWhoseLeaseExpired() throws Exception {
        Job live = store.create(aJob());
        Job dead = store.create(aJob());
        store.claim(live.id(), "alive", false);
        store.claim(dead.id(), "gone", false);
        Thread.sleep(2_200);
        store.renewLease(live.id(), "alive");

        assertThat(store.requeueIfLeaseExpired(live.id())).isEqualTo(new TransitionOutcome(false, "renewed"));
        assertThat(store.requeueIfLeaseExpired(dead.id()).applied()).isTrue();
        assertThat(store.find(dead.id()).orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
        assertThat(store.succeed(dead.id(), "gone", "local", aResult()).applied()).isFalse();
    }

    @Test
    void onlyTheClaimHolderCancelsForADeadline() {
        Job job = store.create(aJob());
        store.claim(job.id(), "first", false);
        store.claim(job.id(), "successor", true);

        assertThat(store.cancel(job.id(), "first", new JobError("deadline_exceeded", "late")))
                .isEqualTo(new TransitionOutcome(false, "stale"));
        assertThat(store.cancel(job.id(), "successor", new JobError("deadline_exceeded", "late")).applied()).isTrue();
    }

    @Test
    void deadlineIsStoredWithTheJob() {
        java.time.Instant deadline = java.time.Instant.ofEpochMilli(System.currentTimeMillis() + 60_000);
        Job job = store.create(aJob().withDeadline(deadline));

        assertThat(store.find(job.id()).orElseThrow().deadline()).isEqualTo(deadline);
    }

    @Test
    void missingJobIsReportedAsMissing() {
        assertThat(store.claim("job_missing", "c", false)).isEqualTo(new TransitionOutcome(false, "missing"));
        assertThat(store.find("job_missing")).isEmpty();
    }

    private static Job aJob() {
        ValidatedImageRequest request = CATALOG.validate(ImageRequest.of("local/fast", "a test"));
        return Job.queued(Ids.newJobId(), "key_test", CATALOG.find("local/fast").orElseThrow(), "local", Lane.INTERACTIVE, request);
    }

    private static JobResult aResult() {
        return new JobResult(List.of(), null, 1L, BigDecimal.ZERO, null);
    }
}
