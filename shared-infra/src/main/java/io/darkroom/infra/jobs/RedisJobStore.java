package io.darkroom.infra.jobs;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Attempt;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records in Redis, one hash per job, expiring after the retention period.
 *
 * <p>Every state change goes through a Lua script that checks the {@link JobStatus} transition table
 * (and, for a worker, its claim) atomically: of two racing writers exactly one wins, and the loser
 * learns why from the {@link TransitionOutcome}.
 */
public class RedisJobStore {

    private static final RedisScript<Long> CREATE = script("create.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RELEASE = script("release-lines.lua", List.class);
    /** A held line's job field naming its key's lines in flight, which its final move leaves ({@code transition.lua}). */
    private static final String LINES_INTO = "lines_into";
    /** A batch's held lines: {@code <batch key>:held}, a sorted set of job ids by creation time. */
    private static final String HELD_SUFFIX = ":held";
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> CLAIM = script("claim.lua", List.class);
    private static final RedisScript<Long> HELD = script("held.lua", Long.class);
    private static final RedisScript<Long> ABANDON = script("abandon.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TRANSITION = script("transition.lua", List.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final JobCodec codec;
    private static final RedisScript<Long> RENEW = script("renew.lua", Long.class);
    private static final RedisScript<Long> APPEND = script("append.lua", Long.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REAP = script("reap.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> DUE = script("due.lua", List.class);

    private final Duration retention;
    private final Duration lease;

    /**
     * @param retention how long job records live
     * @param lease     how long a claimed job stays leased to its worker without a renewal
     */
    public RedisJobStore(StringRedisTemplate redis, Names names, JsonMapper json, Duration retention, Duration lease) {
        this.redis = redis;
        this.names = names;
        this.codec = new JobCodec(json);
        this.retention = retention;
        this.lease = lease;
    }

    /**
     * Stores a new job, and indexes it under its owner ({@link Names#ownerJobsKey(String)}) in the same script.
     *
     * @return the job as stored, with its creation time from the Redis clock
     * @throws IllegalStateException if a job with the same id exists
     */
    public Job create(Job job) {
        return create(job, 0);
    }

    /**
     * Stores a new job that counts against its owner's concurrent jobs ({@code activeLimit} &gt; 0), or, with 0, one
     * that does not count.
     *
     * @throws ConcurrencyLimitException when the owner already has {@code activeLimit} unfinished jobs
     * @throws IllegalStateException     if a job with the same id exists
     */
    public Job create(Job job, int activeLimit) {
        long createdAt = store(job, retention, active(job, activeLimit), null, names.unpublishedKey());
        if (createdAt == 0) {
            throw new IllegalStateException("Job " + job.id() + " exists already");
        }
        return asCreated(job, createdAt);
    }

    /** The fields that make a new job count against its owner's concurrent jobs (create.lua, transition.lua). */
    private List<String> active(Job job, int activeLimit) {
        return activeLimit <= 0 ? List.of()
                : List.of("active_into", names.activeJobsKey(job.owner()), "active_limit", Integer.toString(activeLimit));
    }

    /**
     * Stores a new job unless a job with its id exists (its id was derived, for example from an
     * {@code Idempotency-Key}, so that a request made twice makes one job).
     *
     * @return the job as stored, or empty when a job with this id exists already
     */
    public Optional<Job> createOnce(Job job, int activeLimit) {
        long createdAt = store(job, retention, active(job, activeLimit), null, names.unpublishedKey());
        return createdAt == 0 ? Optional.empty() : Optional.of(asCreated(job, createdAt));
    }

    /**
     * Stores a new job that is one line of a batch ({@link BatchLine}): its final state is counted in the
     * batch's hash (field {@code done_<status>} incremented by one) and the line appended to the batch's
     * finished list, in the same script as the job's move to that final state, so the counts are exact,
     * cost nothing to read, and the finished lines can be read in the order they finished.
     *
     * @return the job as stored, or empty when a job with this id exists already (a batch's lines have
     *         ids derived from the batch, so submitting a line twice creates it once) or the batch is no
     *         longer {@code validating} (a cancel or expiry came first: nothing is created after it)
     */
    public Optional<Job> createLine(Job job, BatchLine line) {
        List<String> fields = new ArrayList<>(List.of("counts_into", line.countsKey(), "custom_id", line.customId(),
                JobCodec.BATCH_ID, line.batchId()));
        if (line.held()) {
            fields.addAll(List.of(LINES_INTO, names.batchLinesInFlightKey(job.owner()), "images", Integer.toString(job.request().n()),
                    "expected_micros", Long.toString(line.expectedMicros())));
        }
        long createdAt = store(job, line.retention(), fields, line.countsKey(), line.held() ? line.countsKey() + HELD_SUFFIX
                : names.unpublishedKey());
        return createdAt == 0 ? Optional.empty() : Optional.of(asCreated(job, createdAt));
    }

    /**
     * Stores a new job unless one with its id exists (or, for a batch's line, its batch stopped queueing):
     * its creation time (Redis clock, ms), or 0. The job is indexed in {@code waitingIn}: the unpublished index, or
     * a held line's batch's held set.
     */
    private long store(Job job, Duration lifetime, List<String> extraFields, String batchKey, String waitingIn) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(lifetime.toMillis()));
        args.add(job.id());
        codec.fieldsOfNew(job).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        args.addAll(extraFields);
        String ownerIndex = names.ownerJobsKey(java.util.Objects.requireNonNullElse(job.owner(), ""));
        List<String> keys = batchKey == null ? List.of(names.jobKey(job.id()), waitingIn, ownerIndex)
                : List.of(names.jobKey(job.id()), waitingIn, ownerIndex, batchKey);
        Long createdAt = redis.execute(CREATE, keys, args.toArray());
        if (createdAt != null && createdAt == -1) {
            throw new ConcurrencyLimitException(job.owner());
        }
        return createdAt == null ? 0 : createdAt;
    }

    private static Job asCreated(Job job, long createdAt) {
        return new Job(job.id(), job.owner(), job.status(), job.model(), job.provider(), job.lane(),
                job.request(), Instant.ofEpochMilli(createdAt), null, null, 0, null, null, job.deadline());
    }

    /**
     * What makes a job one line of a batch.
     *
     * @param batchId   the batch's id, recorded on the job ({@code GET /v1/jobs?batch=})
     * @param countsKey the batch's hash, where the line counts its final state; the list {@code countsKey:finished}
     *                  receives {@code custom_id<TAB>job_id} when it becomes final
     * @param customId  the line's {@code custom_id}
     * @param retention how long the job record lives: as long as its batch, not the usual job retention
     * @param held      whether the line waits in its batch's held set rather than being published at once (its key's
     *                  tier limits batch lines in flight or images per day, or the key has a budget):
     *                  {@link #releaseHeldLines} releases it
     * @param expectedMicros a held line's expected cost (micro-USD), reserved against its key's budget when released
     */
    public record BatchLine(String batchId, String countsKey, String customId, Duration retention, boolean held, long expectedMicros) {

        public BatchLine(String batchId, String countsKey, String customId, Duration retention, boolean held) {
            this(batchId, countsKey, customId, retention, held, 0);
        }

        /** The same line with its expected cost. */
        public BatchLine costing(long micros) {
            return new BatchLine(batchId, countsKey, customId, retention, held, micros);
        }
    }

    /**
     * A batch's field (in its hash, {@link Names#batchKey}) holding how many lines of its key's batches may be in the
     * queue or running at once; present only when the key's tier limits it. Read by {@code release-lines.lua}.
     */
    public static final String LINES_IN_FLIGHT = "lines_in_flight";
    /**
     * A batch's field holding its key's images per UTC day, present only when the key's tier limits them: each line
     * is charged as it is released, not at creation. Read by {@code release-lines.lua}.
     */
    public static final String IMAGES_PER_DAY = "images_per_day";
    /**
     * A batch's fields holding its key's spend caps (micro-USD) when it has any, as they stood when the batch was
     * created: each line's expected cost is reserved against them as it is released. Read by {@code release-lines.lua}.
     */
    public static final String BUDGET_DAILY_MICROS = "budget_daily_micros";
    public static final String BUDGET_MONTHLY_MICROS = "budget_monthly_micros";
    /** The most lines one release takes (a batch without a lines-in-flight limit releases in steps of this size). */
    private static final int RELEASE_STEP = 1000;

    /** Whether the batch's lines are held and released ({@link #releaseHeldLines}) rather than published at once. */
    public static boolean holdsLines(java.util.Map<String, String> batch) {
        return batch.containsKey(LINES_IN_FLIGHT) || batch.containsKey(IMAGES_PER_DAY) || batch.containsKey(BUDGET_DAILY_MICROS)
                || batch.containsKey(BUDGET_MONTHLY_MICROS);
    }

    /**
     * Releases held lines of the batch: as many as its key's batch lines in flight leave room for (lines of the key's
     * other batches count too), its images per day allow (each released line's images are charged to the key's
     * day, where the api counts requests) and its budget allows (each released line's expected cost is reserved, as
     * the api reserves a request's; the line's final move settles it), oldest first, and only while the batch is
     * {@code in_progress}. Each released line
     * joins the key's lines in flight (its final move leaves them, {@code transition.lua}) and the unpublished index,
     * in one script: the caller publishes it, and if the caller dies first the sweeper does.
     *
     * @return the ids of the released lines' jobs
     */
    public List<String> releaseHeldLines(String batchId) {
        String batchKey = names.batchKey(batchId);
        BudgetPeriods periods = BudgetPeriods.today();
        List<?> released = redis.execute(RELEASE, List.of(batchKey, batchKey + HELD_SUFFIX, names.unpublishedKey()),
                names.batchLinesInFlightKey(""), names.jobKey(""), names.limitsKey(""), Integer.toString(RELEASE_STEP),
                names.budgetKey(""), periods.day(), periods.month());
        return released == null ? List.of() : released.stream().map(String::valueOf).toList();
    }

    /** The job, or empty when there is none or it expired. */
    public Optional<Job> find(String jobId) {
        Map<Object, Object> raw = redis.opsForHash().entries(names.jobKey(jobId));
        if (raw.isEmpty() || !raw.containsKey(JobCodec.STATUS)) {
            return Optional.empty();
        }
        Map<String, String> fields = raw.entrySet().stream()
                .collect(Collectors.toMap(entry -> (String) entry.getKey(), entry -> (String) entry.getValue()));
        return Optional.of(codec.decode(fields));
    }

    /**
     * A job from its hash's fields as a final event carries them ({@link TransitionOutcome#finalState()}), without
     * reading Redis.
     */
    public Job fromHash(Map<String, String> fields) {
        return codec.decode(fields);
    }

    /**
     * Records a partial render of the job (streaming), after its bytes were stored.
     *
     * @return how many partials the job has now
     */
    public long addPartial(String jobId, String imageId) {
        return append(names.partialsKey(jobId), imageId);
    }

    /** The image ids of the job's partial renders from {@code fromIndex} on, in order. */
    public List<String> partialsOf(String jobId, long fromIndex) {
        List<String> ids = redis.opsForList().range(names.partialsKey(jobId), fromIndex, -1);
        return ids == null ? List.of() : ids;
    }

    /** Appends one provider attempt to the job's log. */
    public void recordAttempt(String jobId, Attempt attempt) {
        append(names.attemptsKey(jobId), codec.encode(attempt));
    }

    /**
     * Appends to a list of the job's that lives as long as the job: one script on the shared connection (a
     * pipeline would take a dedicated connection, opened per call).
     */
    private long append(String key, String entry) {
        Long length = redis.execute(APPEND, List.of(key), entry, Long.toString(retention.toMillis()));
        return length == null ? 0 : length;
    }

    /** The job's provider attempts, in order. */
    public List<Attempt> attemptsOf(String jobId) {
        List<String> entries = redis.opsForList().range(names.attemptsKey(jobId), 0, -1);
        return entries == null ? List.of() : entries.stream().map(codec::decodeAttempt).toList();
    }

    /** The job's status alone; cheaper than {@link #find(String)} for pollers. */
    public Optional<JobStatus> statusOf(String jobId) {
        Object status = redis.opsForHash().get(names.jobKey(jobId), JobCodec.STATUS);
        return Optional.ofNullable(status).map(value -> JobStatus.fromWireName((String) value));
    }

    /** The most a job may run when a claimant names no model's limit (tests, tools). */
    private static final Duration UNLIMITED_RUN = Duration.ofDays(1);

    /**
     * A claimant without a heartbeat (tests, tools) claims the job; see {@link #claim(String, String, boolean, String, Duration)}.
     */
    public TransitionOutcome claim(String jobId, String claimToken, boolean redelivered) {
        return claim(jobId, claimToken, redelivered, "");
    }

    /** As {@link #claim(String, String, boolean, String, Duration)} without a run time limit, answering the outcome alone. */
    public TransitionOutcome claim(String jobId, String claimToken, boolean redelivered, String workerId) {
        return claim(jobId, claimToken, redelivered, workerId, UNLIMITED_RUN).outcome();
    }

    /**
     * Worker {@code workerId} claims the job: queued (or, on a broker redelivery, running) becomes running,
     * the attempt is counted, {@code claimToken} recorded (later writes must present it) and the run's
     * deadline indexed; the job and its attempts come back in the same round trip.
     *
     * @param redelivered whether the broker redelivered the message; a running job is then taken over only
     *                    when its holder is gone (lease or heartbeat expired), else the reason is {@code held}
     * @param workerId    the claiming worker, whose heartbeat ({@link WorkerHeartbeats}) shows it alive
     * @param maxRunTime  how long the run may last before the sweeper fails it ({@link #overrunning(int)})
     */
    public Claim claim(String jobId, String claimToken, boolean redelivered, String workerId, Duration maxRunTime) {
        return claim(jobId, claimToken, redelivered ? "1" : "0", workerId, "0", maxRunTime);
    }

    /**
     * A held redelivery looks again: it takes the job over only if it is still running and its holder is
     * gone; any other state (finished, or queued again by its holder for a delayed retry) refuses it.
     */
    public Claim takeOverIfHolderGone(String jobId, String claimToken, String workerId, Duration maxRunTime) {
        return claim(jobId, claimToken, "1", workerId, "1", maxRunTime);
    }

    /** As {@link #takeOverIfHolderGone(String, String, String, Duration)} without a run time limit. */
    public TransitionOutcome takeOverIfHolderGone(String jobId, String claimToken, String workerId) {
        return takeOverIfHolderGone(jobId, claimToken, workerId, UNLIMITED_RUN).outcome();
    }

    /**
     * What a claim returned.
     *
     * @param outcome  whether the job was claimed, and if not why
     * @param job      when claimed, the job as it stands now (running, this claim's attempt counted); else null
     * @param attempts when claimed, its provider attempts so far, in order; else empty
     */
    public record Claim(TransitionOutcome outcome, Job job, List<Attempt> attempts) {
    }

    @SuppressWarnings("unchecked")
    private Claim claim(String jobId, String claimToken, String redelivered, String workerId, String takeoverOnly, Duration maxRunTime) {
        List<?> reply = redis.execute(CLAIM, List.of(names.jobKey(jobId), names.leasesKey(), names.unpublishedKey(), names.workersKey(),
                        names.attemptsKey(jobId), names.runDeadlinesKey()),
                claimToken, redelivered, sources(JobStatus.RUNNING), jobId, Long.toString(lease.toMillis()), workerId, takeoverOnly,
                Long.toString(maxRunTime.toMillis()));
        TransitionOutcome outcome = TransitionOutcome.of((String) reply.getFirst());
        if (!outcome.applied()) {
            return new Claim(outcome, null, List.of());
        }
        List<String> flat = (List<String>) reply.get(1);
        Map<String, String> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        List<Attempt> attempts = ((List<String>) reply.get(2)).stream().map(codec::decodeAttempt).toList();
        return new Claim(outcome, codec.decode(fields), attempts);
    }

    /** Whether the job is running under a live holder: its lease and its worker's heartbeat are unexpired. */
    public boolean heldByLiveWorker(String jobId) {
        Long held = redis.execute(HELD, List.of(names.jobKey(jobId), names.leasesKey(), names.workersKey()), jobId);
        return held != null && held == 1;
    }

    /**
     * The claim holder gives the job up (it could not run it; its message goes back to the queue): the job
     * names no live holder any more, so the redelivery takes it over at once; without one, the reaper
     * re-drives it when its lease expires.
     *
     * @return false when the caller no longer held the claim
     */
    public boolean abandon(String jobId, String claimToken) {
        Long given = redis.execute(ABANDON, List.of(names.jobKey(jobId)), claimToken);
        return given != null && given == 1;
    }

    /** The claim holder records the result and the provider that made it: running becomes succeeded. */
    public TransitionOutcome succeed(String jobId, String claimToken, String provider, JobResult result) {
        return transition(jobId, JobStatus.SUCCEEDED, claimToken, JobCodec.RESULT, codec.encode(result), "provider", provider,
                USAGE_IMAGES, Integer.toString(result.images().size()), USAGE_COST_MICROS, costMicros(result));
    }

    /** As {@link #succeed(String, String, String, JobResult)}, appending {@code attempt} to the job's attempts in the same script. */
    public TransitionOutcome succeed(String jobId, String claimToken, String provider, JobResult result, Attempt attempt) {
        return transitionWith(codec.encode(attempt), sources(JobStatus.SUCCEEDED), jobId, JobStatus.SUCCEEDED, claimToken,
                JobCodec.RESULT, codec.encode(result), "provider", provider,
                USAGE_IMAGES, Integer.toString(result.images().size()), USAGE_COST_MICROS, costMicros(result));
    }

    /** The job's fields that its final move counts into its owner's usage (transition.lua). */
    private static final String USAGE_IMAGES = "usage_images";
    private static final String USAGE_COST_MICROS = "usage_cost_micros";

    /** A result's cost in millionths of a dollar, exact for every price the catalog lists (at most 6 decimals). */
    private static String costMicros(JobResult result) {
        return result.costUsd() == null ? "0"
                : result.costUsd().movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /**
     * The job fails with {@code error}. With a claim token only its holder may fail it; with null
     * (a job never claimed, such as a poison message's) any state the table allows is failed.
     */
    public TransitionOutcome fail(String jobId, String claimToken, JobError error) {
        return transition(jobId, JobStatus.FAILED, claimToken, JobCodec.ERROR, codec.encode(error));
    }

    /**
     * The claim holder puts the job back to wait for a retry on {@code provider}: running becomes queued,
     * unpublished until the delayed message is confirmed.
     */
    public TransitionOutcome scheduleRetry(String jobId, String claimToken, String provider, Instant retryAt) {
        return transition(jobId, JobStatus.QUEUED, claimToken, "provider", provider, "retry_at",
                Long.toString(retryAt.toEpochMilli()));
    }

    /** The reaper puts back a running job whose worker's lease expired (whoever held it). */
    public TransitionOutcome requeue(String jobId) {
        return transition(jobId, JobStatus.QUEUED, null);
    }

    /** Cancels the job from any state that may be canceled; a running job's late result is then discarded. */
    public TransitionOutcome cancel(String jobId, JobError reason) {
        return transition(jobId, JobStatus.CANCELED, null, JobCodec.ERROR, codec.encode(reason));
    }

    /**
     * Extends the lease of a running job.
     *
     * @return false when the caller no longer holds its claim (canceled, re-driven, taken over); true when
     *         renewed, or when this very claim has just finished the job (nothing was lost)
     */
    public boolean renewLease(String jobId, String claimToken) {
        Long renewed = redis.execute(RENEW, List.of(names.jobKey(jobId), names.leasesKey()), claimToken, jobId,
                Long.toString(lease.toMillis()));
        return renewed != null && renewed > 0;
    }

    /**
     * The broker confirmed the job's message: the sweeper need not republish it. Sent without waiting for
     * Redis's answer: if it is lost, the sweeper republishes a message the claim then dedups (and a claim
     * removes the entry anyway).
     */
    public void markPublished(String jobId) {
        removeWithoutWaiting(names.unpublishedKey(), jobId);
    }

    /** Jobs still running past their run's deadline, at most {@code max}. */
    public List<String> overrunning(int max) {
        return due(names.runDeadlinesKey(), Duration.ZERO, max);
    }

    /** Forgets a job in the run deadline index (it is gone, or no longer running). */
    public void forgetRunDeadline(String jobId) {
        redis.opsForZSet().remove(names.runDeadlinesKey(), jobId);
    }

    /** Fails the job only if it is running, whoever holds it (its run overran): the holder's late result is then discarded. */
    public TransitionOutcome failIfRunning(String jobId, JobError error) {
        return transitionFrom(JobStatus.RUNNING.wireName(), jobId, JobStatus.FAILED, null, JobCodec.ERROR, codec.encode(error), "claim", "");
    }

    /** Outbox entries ({@code <job id> <status> <hooked|plain>}) recorded more than {@code grace} ago, at most {@code max}. */
    public List<String> outboxOlderThan(Duration grace, int max) {
        return due(names.outboxKey(), grace, max);
    }

    /** The outbox entry's event was confirmed by the broker; sent without waiting (a lost removal re-sends the event, deduplicated downstream). */
    public void forgetOutboxEntry(String entry) {
        removeWithoutWaiting(names.outboxKey(), entry);
    }

    @SuppressWarnings("unchecked")
    private void removeWithoutWaiting(String key, String member) {
        try (org.springframework.data.redis.connection.RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
            if (connection.getNativeConnection() instanceof io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<?, ?> async) {
                ((io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<byte[], byte[]>) async)
                        .zrem(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), member.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
        }
        redis.opsForZSet().remove(key, member);
    }

    /** Jobs left unpublished for longer than {@code grace} (their publisher died or failed), at most {@code max}. */
    public List<String> unpublishedFor(Duration grace, int max) {
        return due(names.unpublishedKey(), grace, max);
    }

    /** Running jobs whose worker's lease expired, at most {@code max}. */
    public List<String> expiredLeases(int max) {
        return due(names.leasesKey(), Duration.ZERO, max);
    }

    /** Forgets a job in the unpublished index (it is gone, or no longer queued). */
    public void forgetUnpublished(String jobId) {
        redis.opsForZSet().remove(names.unpublishedKey(), jobId);
    }

    /** Forgets a job in the lease index (it is gone, or no longer running). */
    public void forgetLease(String jobId) {
        redis.opsForZSet().remove(names.leasesKey(), jobId);
    }

    /**
     * The reaper puts back a running job only if its lease is still expired when it acts (checked in the
     * same script): a lease renewed, or a redelivery that took the job over, in the meantime wins.
     */
    public TransitionOutcome requeueIfLeaseExpired(String jobId) {
        List<?> reply = redis.execute(REAP, List.of(names.jobKey(jobId), names.leasesKey(), names.unpublishedKey()), jobId);
        return TransitionOutcome.of(reply);
    }

    /** The claim holder cancels the job (its deadline passed): a worker that lost the claim cannot. */
    public TransitionOutcome cancel(String jobId, String claimToken, JobError reason) {
        return transition(jobId, JobStatus.CANCELED, claimToken, JobCodec.ERROR, codec.encode(reason));
    }

    @SuppressWarnings("unchecked")
    private List<String> due(String index, Duration grace, int max) {
        List<String> ids = redis.execute(DUE, List.of(index), Long.toString(grace.toMillis()), Integer.toString(max));
        return ids == null ? List.of() : ids;
    }

    private TransitionOutcome transition(String jobId, JobStatus target, String claimToken, String... fieldValues) {
        return transitionFrom(sources(target), jobId, target, claimToken, fieldValues);
    }

    private TransitionOutcome transitionFrom(String sources, String jobId, JobStatus target, String claimToken, String... fieldValues) {
        return transitionWith("", sources, jobId, target, claimToken, fieldValues);
    }

    /** @param attempt an attempt entry to append to the job's attempts with the move, or '' for none */
    private TransitionOutcome transitionWith(String attempt, String sources, String jobId, JobStatus target, String claimToken,
            String... fieldValues) {
        List<Object> args = new ArrayList<>(List.of(target.wireName(), sources, claimToken == null ? "" : claimToken,
                target.isTerminal() ? "1" : "0", jobId, names.webhookEndpointsPrefix(), attempt, names.usagePrefix()));
        args.addAll(List.of(fieldValues));
        List<?> reply = redis.execute(TRANSITION, List.of(names.jobKey(jobId), names.leasesKey(), names.unpublishedKey(),
                names.outboxKey(), names.runDeadlinesKey(), names.attemptsKey(jobId)), args.toArray());
        return TransitionOutcome.of(reply);
    }

    private static String sources(JobStatus target) {
        return JobStatus.sourcesOf(target).stream().map(JobStatus::wireName).collect(Collectors.joining(","));
    }

    private static <T> RedisScript<T> script(String name, Class<T> resultType) {
        return LuaScripts.load("io/darkroom/infra/jobs/" + name, resultType);
    }
}
