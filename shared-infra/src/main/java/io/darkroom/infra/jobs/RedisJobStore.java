package io.darkroom.infra.jobs;

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
import org.springframework.core.io.ClassPathResource;
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
    private static final RedisScript<List> CLAIM = script("claim.lua", List.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TRANSITION = script("transition.lua", List.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final JobCodec codec;
    private final Duration retention;

    public RedisJobStore(StringRedisTemplate redis, Names names, JsonMapper json, Duration retention) {
        this.redis = redis;
        this.names = names;
        this.codec = new JobCodec(json);
        this.retention = retention;
    }

    /**
     * Stores a new job.
     *
     * @return the job as stored, with its creation time from the Redis clock
     * @throws IllegalStateException if a job with the same id exists
     */
    public Job create(Job job) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(retention.toMillis()));
        codec.fieldsOfNew(job).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        Long createdAt = redis.execute(CREATE, List.of(names.jobKey(job.id())), args.toArray());
        if (createdAt == null || createdAt == 0) {
            throw new IllegalStateException("Job " + job.id() + " exists already");
        }
        return new Job(job.id(), job.owner(), job.status(), job.model(), job.provider(), job.lane(),
                job.request(), Instant.ofEpochMilli(createdAt), null, null, 0, null, null);
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
     * Records a partial render of the job (streaming), after its bytes were stored.
     *
     * @return how many partials the job has now
     */
    public long addPartial(String jobId, String imageId) {
        String key = names.partialsKey(jobId);
        Long count = redis.opsForList().rightPush(key, imageId);
        redis.expire(key, retention);
        return count == null ? 0 : count;
    }

    /** The image ids of the job's partial renders from {@code fromIndex} on, in order. */
    public List<String> partialsOf(String jobId, long fromIndex) {
        List<String> ids = redis.opsForList().range(names.partialsKey(jobId), fromIndex, -1);
        return ids == null ? List.of() : ids;
    }

    /** Appends one provider attempt to the job's log. */
    public void recordAttempt(String jobId, Attempt attempt) {
        String key = names.attemptsKey(jobId);
        redis.opsForList().rightPush(key, codec.encode(attempt));
        redis.expire(key, retention);
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

    /**
     * A worker claims the job: queued (or, on a broker redelivery, running) becomes running, the
     * attempt is counted and {@code claimToken} recorded; later writes must present it.
     *
     * @param redelivered whether the broker redelivered the message, so its previous holder is gone
     */
    public TransitionOutcome claim(String jobId, String claimToken, boolean redelivered) {
        List<?> reply = redis.execute(CLAIM, List.of(names.jobKey(jobId)),
                claimToken, redelivered ? "1" : "0", sources(JobStatus.RUNNING));
        return TransitionOutcome.of((String) reply.getFirst());
    }

    /** The claim holder records the result and the provider that made it: running becomes succeeded. */
    public TransitionOutcome succeed(String jobId, String claimToken, String provider, JobResult result) {
        return transition(jobId, JobStatus.SUCCEEDED, claimToken, JobCodec.RESULT, codec.encode(result), "provider", provider);
    }

    /**
     * The job fails with {@code error}. With a claim token only its holder may fail it; with null
     * (a job never claimed, such as a poison message's) any state the table allows is failed.
     */
    public TransitionOutcome fail(String jobId, String claimToken, JobError error) {
        return transition(jobId, JobStatus.FAILED, claimToken, JobCodec.ERROR, codec.encode(error));
    }

    private TransitionOutcome transition(String jobId, JobStatus target, String claimToken, String... fieldValues) {
        List<Object> args = new ArrayList<>(List.of(target.wireName(), sources(target), claimToken == null ? "" : claimToken,
                target.isTerminal() ? "1" : "0"));
        args.addAll(List.of(fieldValues));
        List<?> reply = redis.execute(TRANSITION, List.of(names.jobKey(jobId)), args.toArray());
        return TransitionOutcome.of((String) reply.getFirst());
    }

    private static String sources(JobStatus target) {
        return JobStatus.sourcesOf(target).stream().map(JobStatus::wireName).collect(Collectors.joining(","));
    }

    private static <T> RedisScript<T> script(String name, Class<T> resultType) {
        return RedisScript.of(new ClassPathResource("io/darkroom/infra/jobs/" + name), resultType);
    }
}
