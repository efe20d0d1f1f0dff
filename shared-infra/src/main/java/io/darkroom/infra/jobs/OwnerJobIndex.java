package io.darkroom.infra.jobs;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Names;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Each owner's jobs, newest first, for {@code GET /v1/jobs}: the sorted set {@link Names#ownerJobsKey(String)}
 * that {@link RedisJobStore} writes in the script that creates the job. Never a scan over all jobs.
 *
 * <p>A page reads the index {@value #CHUNK} entries at a time and checks each candidate's job (one pipelined
 * {@code HMGET} per chunk): a job that expired is never listed and its entry is dropped; one that does not
 * match the {@link Filter} is skipped. At most {@value #MAX_EXAMINED} entries are examined per page, however
 * rare the matches: a page may then hold fewer jobs than asked, even none, with {@link Page#hasMore()} true
 * and a {@link Page#cursor()} that continues after the last entry examined (decision 024).
 */
public final class OwnerJobIndex {

    /** The most index entries one page examines. */
    public static final int MAX_EXAMINED = 1000;
    /** Index entries read per round trip when filtering. */
    static final int CHUNK = 100;

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LISTED = LuaScripts.load("io/darkroom/infra/jobs/listed.lua", List.class);
    private static final byte[][] FIELDS = {bytes(JobCodec.OWNER), bytes(JobCodec.STATUS), bytes(JobCodec.MODEL), bytes(JobCodec.BATCH_ID)};
    private static final long TIMEOUT_SECONDS = 10;

    private final StringRedisTemplate redis;
    private final Names names;

    public OwnerJobIndex(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /**
     * Which jobs to list; null components do not filter.
     *
     * @param createdAfter  only jobs created in a later second than this (as {@code created_at} shows it)
     * @param createdBefore only jobs created in an earlier second than this
     */
    public record Filter(JobStatus status, String model, String batchId, Instant createdAfter, Instant createdBefore) {

        /** Lists every job. */
        public static final Filter NONE = new Filter(null, null, null, null, null);

        /** Whether the filter reads the candidates' jobs beyond their creation time. */
        boolean readsJobs() {
            return status != null || model != null || batchId != null;
        }

        /** Whether a job of these fields passes (status, model and batch; the creation range is the index's). */
        public boolean matches(JobStatus jobStatus, String jobModel, String jobBatchId) {
            return (status == null || status == jobStatus) && (model == null || model.equals(jobModel))
                    && (batchId == null || batchId.equals(jobBatchId));
        }

        private String newestMillis() {
            return createdBefore == null ? "+inf" : Long.toString(createdBefore.getEpochSecond() * 1000 - 1);
        }

        private String oldestMillis() {
            return createdAfter == null ? "-inf" : Long.toString((createdAfter.getEpochSecond() + 1) * 1000);
        }
    }

    /**
     * One page of an owner's jobs.
     *
     * @param jobIds  the matching jobs, newest first (ties in creation time by id, descending), at most the limit
     * @param cursor  what to pass as {@code after} for the next page: the last of {@code jobIds}, or, when the
     *                examination bound stopped the page first, the last job examined (then not in {@code jobIds});
     *                null when the page is empty and nothing follows
     * @param hasMore whether a next page may hold more jobs
     */
    public record Page(List<String> jobIds, String cursor, boolean hasMore) {
    }

    /**
     * A page of {@code owner}'s jobs passing {@code filter}, after the job {@code after} (null: from the newest).
     *
     * @param limit the most jobs on the page, at least 1
     * @return empty when {@code after} is not one of the owner's indexed jobs (unknown, another owner's, or
     *         expired and dropped)
     */
    public Optional<Page> page(String owner, Filter filter, String after, int limit) {
        String key = names.ownerJobsKey(owner);
        Scan scan = new Scan(owner, filter, after, limit);
        while (scan.wantsMore()) {
            int wanted = Math.min(MAX_EXAMINED - scan.examined, filter.readsJobs() ? CHUNK : limit + 1 - scan.matched.size());
            List<String> chunk = chunk(key, scan.from, filter, wanted);
            if (chunk == null && scan.examined == 0) {
                return Optional.empty();
            }
            if (chunk == null) {
                // The entry this page continues from was dropped meanwhile (another page found its job expired):
                // stop here; the caller continues from the last live job examined.
                scan.from = scan.lastLive == null ? scan.from : scan.lastLive;
                break;
            }
            scan.examine(chunk, fieldsOf(chunk));
            if (chunk.size() < wanted) {
                scan.exhausted = true;
                break;
            }
        }
        Page page = scan.page();
        forget(key, scan.dead, page.cursor());
        return Optional.of(page);
    }

    /** Where a page's examination of the index stands. */
    private static final class Scan {

        private final String owner;
        private final Filter filter;
        private final int limit;
        private final List<String> matched = new ArrayList<>();
        private final List<String> dead = new ArrayList<>();
        /** The last entry examined ('' before the newest): the next chunk starts after it. */
        private String from;
        private String lastLive;
        private int examined;
        private boolean exhausted;

        Scan(String owner, Filter filter, String after, int limit) {
            this.owner = owner;
            this.filter = filter;
            this.limit = limit;
            this.from = after == null ? "" : after;
            this.lastLive = after;
        }

        /** Whether the page has room for one more match (the one past the limit says more follow) and examination budget. */
        boolean wantsMore() {
            return matched.size() <= limit && examined < MAX_EXAMINED;
        }

        /** Examines a chunk of entries, each with its job's owner, status, model and batch (all null when it expired). */
        void examine(List<String> chunk, List<List<String>> jobs) {
            for (int index = 0; index < chunk.size() && matched.size() <= limit; index++) {
                List<String> fields = jobs.get(index);
                String id = chunk.get(index);
                examined++;
                from = id;
                if (fields.get(0) == null) {
                    dead.add(id);
                } else {
                    lastLive = id;
                    if (owner.equals(fields.get(0)) && filter.matches(JobStatus.fromWireName(fields.get(1)), fields.get(2), fields.get(3))) {
                        matched.add(id);
                    }
                }
            }
        }

        Page page() {
            if (matched.size() > limit) {
                List<String> listed = List.copyOf(matched.subList(0, limit));
                return new Page(listed, listed.getLast(), true);
            }
            if (exhausted) {
                return new Page(List.copyOf(matched), matched.isEmpty() ? null : matched.getLast(), false);
            }
            return new Page(List.copyOf(matched), from, true);
        }
    }

    /** Up to {@code wanted} job ids of the index after {@code from} ('' for the newest), or null when {@code from} is not in it. */
    private List<String> chunk(String key, String from, Filter filter, int wanted) {
        List<?> reply = redis.execute(LISTED, List.of(key), from, filter.newestMillis(), filter.oldestMillis(), Integer.toString(wanted));
        if (reply == null || !"ok".equals(reply.getFirst())) {
            return null;
        }
        List<String> ids = new ArrayList<>(reply.size() / 2);
        for (int index = 1; index + 1 < reply.size(); index += 2) {
            ids.add((String) reply.get(index));
        }
        return ids;
    }

    /** Owner, status, model and batch id of each job (all null for a job that expired), in one pipelined round trip. */
    @SuppressWarnings("unchecked")
    private List<List<String>> fieldsOf(List<String> ids) {
        try (RedisConnection connection = redis.getRequiredConnectionFactory().getConnection()) {
            if (connection.getNativeConnection() instanceof RedisClusterAsyncCommands<?, ?> async) {
                RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) async;
                List<RedisFuture<List<KeyValue<byte[], byte[]>>>> replies = ids.stream()
                        .map(id -> commands.hmget(bytes(names.jobKey(id)), FIELDS)).toList();
                List<List<String>> fields = new ArrayList<>(ids.size());
                for (RedisFuture<List<KeyValue<byte[], byte[]>>> reply : replies) {
                    fields.add(await(reply).stream().map(value -> value.hasValue() ? new String(value.getValue(), StandardCharsets.UTF_8) : null)
                            .toList());
                }
                return fields;
            }
        }
        List<Object> fieldNames = List.of(JobCodec.OWNER, JobCodec.STATUS, JobCodec.MODEL, JobCodec.BATCH_ID);
        return ids.stream().map(id -> redis.opsForHash().multiGet(names.jobKey(id), fieldNames).stream().map(value -> (String) value).toList())
                .toList();
    }

    private static <T> T await(RedisFuture<T> reply) {
        try {
            return reply.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("Interrupted while reading listed jobs", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RedisSystemException("Could not read listed jobs", e);
        }
    }

    /** Drops the entries of expired jobs, except the page's cursor: the next page continues from it. */
    private void forget(String key, List<String> dead, String cursor) {
        Object[] gone = dead.stream().filter(id -> !id.equals(cursor)).toArray();
        if (gone.length > 0) {
            redis.opsForZSet().remove(key, gone);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
