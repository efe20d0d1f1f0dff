package io.darkroom.api.batches;

import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.LuaScripts;
import io.darkroom.model.BatchStatus;
import io.darkroom.model.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Batches in Redis: one hash each (status moves by compare-and-set; a final move records the batch's event in
 * it), the list of its lines' jobs in input order, the list of its lines in the order they finished, and an index
 * per owner.
 */
@Component
class BatchStore {

    private static final RedisScript<Long> MOVE = LuaScripts.load("io/darkroom/api/batches/move.lua", Long.class);
    private static final RedisScript<Long> CLAIM = LuaScripts.load("io/darkroom/api/batches/claim.lua", Long.class);
    /** How long a finalization may take before another caller may take it over (its finalizer died). */
    static final Duration FINALIZATION_TAKEOVER = Duration.ofMinutes(10);
    /**
     * How long the caller whose move ended a batch has to send its event before a sweeper sends it instead (the
     * sender died): longer than a publish waits for the broker's confirm.
     */
    static final Duration EVENT_TAKEOVER = Duration.ofMinutes(1);
    private static final String FINALIZING = "finalizing";
    private static final String EVENT_SENDER = "event_sender";
    private static final String EVENT_SENT_AT = "event_sent_at";
    private static final String EVENT_TIMESTAMP = "event_timestamp";
    private static final String EVENT_DATA = "event_data";

    private final StringRedisTemplate redis;
    private final Names names;
    private final Duration retention;

    BatchStore(StringRedisTemplate redis, Names names, DarkroomProperties properties) {
        this.redis = redis;
        this.names = names;
        // A batch outlives its 24-hour completion window by the job retention, so that an expired batch (and the
        // output of its finished lines) can still be read.
        this.retention = BatchesController.COMPLETION_WINDOW.plus(properties.jobRetention());
    }

    /** How long a batch's records, and its lines' jobs, live: its completion window and the job retention after it. */
    Duration retention() {
        return retention;
    }

    void save(String owner, String id, Map<String, String> fields) {
        String key = key(id);
        redis.opsForHash().putAll(key, fields);
        redis.expire(key, retention);
        redis.opsForZSet().add(index(owner), id, Instant.now().toEpochMilli());
        redis.expire(index(owner), retention);
    }

    /** Marks the batch open (lines running) until {@code windowEnd}: the sweeper looks at open batches. */
    void open(String id, Instant windowEnd) {
        redis.opsForZSet().add(openIndex(), id, windowEnd.toEpochMilli());
    }

    /** The batch reached a final status: the sweeper need not look at it any more. */
    void close(String id) {
        redis.opsForZSet().remove(openIndex(), id);
    }

    /** Open batches, soonest window end first, at most {@code max}. */
    List<String> openBatches(int max) {
        Set<String> ids = redis.opsForZSet().range(openIndex(), 0, max - 1);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    /** A batch's owner, or empty when the batch is gone. */
    Optional<String> ownerOf(String id) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(id), "owner"));
    }

    void update(String id, Map<String, String> fields) {
        redis.opsForHash().putAll(key(id), fields);
    }

    /**
     * Registers the batch's lines, in input order: each {@code custom_id} with its job id. A second
     * registration (a validation run again after a crash) replaces the first whole.
     */
    void registerLines(String id, List<String> customIds, List<String> jobIds) {
        String key = key(id) + ":lines";
        redis.delete(key);
        List<String> entries = new ArrayList<>(customIds.size());
        for (int index = 0; index < customIds.size(); index++) {
            entries.add(customIds.get(index) + "\t" + jobIds.get(index));
        }
        for (int from = 0; from < entries.size(); from += 1000) {
            redis.opsForList().rightPushAll(key, entries.subList(from, Math.min(entries.size(), from + 1000)));
        }
        redis.expire(key, retention);
    }

    /** Removes fields of the batch (what an earlier validation run wrote and this one does not). */
    void forget(String id, String... fields) {
        redis.opsForHash().delete(key(id), (Object[]) fields);
    }

    /**
     * Moves the batch to {@code to}, not a final status, if {@link BatchStatus}'s table allows it from the status
     * it is in, writing {@code fields} with it. A batch ends through {@link #end}.
     *
     * @return whether this call moved it (false: missing, or in a status that cannot move there, as when another
     *         writer moved it first)
     * @throws IllegalArgumentException for a final status
     */
    boolean move(String id, BatchStatus to, Map<String, String> fields) {
        if (to.isTerminal()) {
            throw new IllegalArgumentException("Batch " + id + " ends as " + to.wireName() + " with its event: through end(), not move()");
        }
        return apply(id, to, "", fields);
    }

    /**
     * Ends the batch: moves it to the event's final status, as {@link #move} does, writing {@code fields} and the
     * event in the same atomic move, which also gives this caller the claim on sending the event.
     *
     * @return whether this call ended the batch: then it, and no one else, sends the event and marks it sent
     */
    boolean end(String id, Map<String, String> fields, BatchEvents.Event event) {
        Map<String, String> withEvent = new HashMap<>(fields);
        withEvent.put(EVENT_TIMESTAMP, event.timestamp());
        withEvent.put(EVENT_DATA, event.data());
        return apply(id, event.status(), EVENT_SENDER, withEvent);
    }

    /** The one place a batch's status changes: a compare-and-set from the states the table allows. */
    private boolean apply(String id, BatchStatus to, String claimField, Map<String, String> fields) {
        String from = BatchStatus.sourcesOf(to).stream().map(BatchStatus::wireName).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(from, to.wireName(), claimField));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return Long.valueOf(1).equals(redis.execute(MOVE, List.of(key(id)), args.toArray()));
    }

    /** The event the final move of the batch (read whole) recorded, or empty for a batch not final yet. */
    static Optional<BatchEvents.Event> recordedEvent(Map<String, String> batch) {
        if (!batch.containsKey(EVENT_DATA)) {
            return Optional.empty();
        }
        return Optional.of(new BatchEvents.Event(statusOf(batch), batch.get(EVENT_TIMESTAMP), batch.get(EVENT_DATA)));
    }

    /** Whether the event of the batch (read whole) went out. */
    static boolean eventSent(Map<String, String> batch) {
        return batch.containsKey(EVENT_SENT_AT);
    }

    /**
     * Takes over sending the event of an ended batch: only when it is not sent, and whoever held the claim
     * (the caller whose move ended it, or an earlier taker) gave it up or has held it past {@link #EVENT_TAKEOVER}.
     * Of racing callers, one wins.
     */
    boolean claimEvent(String id) {
        return claim(id, EVENT_SENDER, EVENT_TAKEOVER, EVENT_SENT_AT);
    }

    /** Sending the event failed: the next sweep may send it again at once. */
    void releaseEvent(String id) {
        redis.opsForHash().delete(key(id), EVENT_SENDER);
    }

    /** The batch's event went out (the broker confirmed it): the sweeper need not look at the batch any more. */
    void markEventSent(String id) {
        redis.opsForHash().put(key(id), EVENT_SENT_AT, Long.toString(System.currentTimeMillis()));
        close(id);
    }

    /** Up to {@code count} of the batch's finished lines from position {@code from}, in finishing order: {@code [custom_id, job_id]}. */
    List<String[]> finished(String id, long from, int count) {
        List<String> entries = redis.opsForList().range(key(id) + ":finished", from, from + count - 1);
        return entries == null ? List.of() : entries.stream().map(entry -> entry.split("\t", 2)).toList();
    }

    /** How many of the batch's lines have finished. */
    long finishedCount(String id) {
        Long size = redis.opsForList().size(key(id) + ":finished");
        return size == null ? 0 : size;
    }

    /**
     * Takes (or, held already by {@code holder}, extends) the right to validate and submit the batch for
     * {@code lease}: one api instance at a time; a crashed one's lease runs out and another takes over.
     */
    boolean leaseSubmission(String id, String holder, Duration lease) {
        String key = key(id) + ":submitter";
        if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, holder, lease))) {
            return true;
        }
        if (holder.equals(redis.opsForValue().get(key))) {
            redis.expire(key, lease);
            return true;
        }
        return false;
    }

    /** Gives the submission lease up (submission done, or failed for now). */
    void releaseSubmission(String id, String holder) {
        String key = key(id) + ":submitter";
        if (holder.equals(redis.opsForValue().get(key))) {
            redis.delete(key);
        }
    }

    /** The batch's lines, in input order: {@code [custom_id, job_id]}. */
    List<String[]> lines(String id) {
        List<String> entries = redis.opsForList().range(key(id) + ":lines", 0, -1);
        List<String[]> lines = new ArrayList<>();
        if (entries != null) {
            entries.forEach(entry -> lines.add(entry.split("\t", 2)));
        }
        return lines;
    }

    /** The batch, whoever owns it (for the api's own background work), or empty when it is gone. */
    Optional<Map<String, String>> get(String id) {
        Map<String, String> fields = redis.<String, String>opsForHash().entries(key(id));
        return fields.isEmpty() ? Optional.empty() : Optional.of(fields);
    }

    /** The batch's status, or empty when it is gone. */
    Optional<BatchStatus> status(String id) {
        return Optional.ofNullable(field(id, "status")).map(BatchStatus::fromWireName);
    }

    /** The status of a batch as read whole. */
    static BatchStatus statusOf(Map<String, String> batch) {
        return BatchStatus.fromWireName(batch.get("status"));
    }

    /** One field of the batch, or null: a cheaper read than the whole hash (which may hold every line error). */
    String field(String id, String name) {
        return (String) redis.opsForHash().get(key(id), name);
    }

    /** The batch as its owner sees it: empty when it is gone or another key's. */
    Optional<Map<String, String>> find(String owner, String id) {
        return get(id).filter(fields -> owner.equals(fields.get("owner")));
    }

    /** The owner's batch ids, newest first. */
    List<String> ids(String owner) {
        Set<String> ids = redis.opsForZSet().reverseRange(index(owner), 0, -1);
        return ids == null ? List.of() : List.copyOf(ids);
    }

    /** The hash of the batch itself, where its lines' jobs count their final states ({@code done_<status>}). */
    String countsKey(String id) {
        return key(id);
    }

    /** How many lines the batch has registered so far. */
    long lineCount(String id) {
        Long size = redis.opsForList().size(key(id) + ":lines");
        return size == null ? 0 : size;
    }

    /**
     * Whether this caller won the right to finalize the batch (write its files and end it): once, unless the one
     * that claimed it has not finished it within {@link #FINALIZATION_TAKEOVER} (it died half-way). Of racing
     * callers, one wins; even so, only the final move decides who ends the batch.
     */
    boolean claimFinalization(String id) {
        return claim(id, FINALIZING, FINALIZATION_TAKEOVER, "");
    }

    private boolean claim(String id, String claimField, Duration takeover, String doneField) {
        return Long.valueOf(1).equals(redis.execute(CLAIM, List.of(key(id)), claimField, Long.toString(takeover.toMillis()), doneField));
    }

    private String key(String id) {
        return names.batchKey(id);
    }

    /** Finalizing failed half-way: the next reader or sweep may try again. */
    void releaseFinalization(String id) {
        redis.opsForHash().delete(key(id), FINALIZING);
    }

    private String openIndex() {
        return names.namespace() + ":batches:open";
    }

    private String index(String owner) {
        return names.namespace() + ":batches:" + owner;
    }
}
