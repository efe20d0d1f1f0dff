package io.darkroom.api.idempotency;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The records of {@code Idempotency-Key}s in Redis, one hash per API key and key: shared by every api
 * instance and kept across restarts. Each step is one script, so two requests with one key never both
 * start.
 */
@Component
class IdempotencyStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> BEGIN = LuaScripts.load("io/darkroom/api/idempotency/begin.lua", List.class);
    private static final RedisScript<Long> FINISH = LuaScripts.load("io/darkroom/api/idempotency/finish.lua", Long.class);
    private static final RedisScript<Long> RELEASE = LuaScripts.load("io/darkroom/api/idempotency/release.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final IdempotencyProperties properties;

    IdempotencyStore(StringRedisTemplate redis, Names names, IdempotencyProperties properties) {
        this.redis = redis;
        this.names = names;
        this.properties = properties;
    }

    /** What became of a key when a request with it arrived. */
    sealed interface Start {
        /** The first request with this key: it runs, recorded as in flight. */
        record First() implements Start {
        }

        /** The key was used with another request. */
        record Mismatch() implements Start {
        }

        /** The first request has not finished and made no job yet. */
        record InFlight() implements Start {
        }

        /** The first request made this job. */
        record MadeJob(String jobId) implements Start {
        }

        /** The first request's stored answer. */
        record Answered(int status, String contentType, byte[] body) implements Start {
        }
    }

    Start begin(Key key, String fingerprint) {
        List<?> reply = redis.execute(BEGIN, List.of(recordKey(key)), fingerprint, Long.toString(properties.lease().toMillis()));
        return switch (String.valueOf(reply.getFirst())) {
            case "new" -> new Start.First();
            case "mismatch" -> new Start.Mismatch();
            case "job" -> new Start.MadeJob(String.valueOf(reply.get(1)));
            case "replay" -> new Start.Answered(Integer.parseInt(String.valueOf(reply.get(1))), String.valueOf(reply.get(2)),
                    String.valueOf(reply.get(3)).getBytes(StandardCharsets.UTF_8));
            default -> new Start.InFlight();
        };
    }

    /** Records that the key's request made {@code jobId}: retries answer with that job. */
    void madeJob(Key key, String jobId) {
        redis.execute(FINISH, List.of(recordKey(key)), Long.toString(properties.ttl().toMillis()), "job", jobId);
    }

    /** Records the key's answer, replayed to retries. */
    void answered(Key key, int status, String contentType, String body) {
        redis.execute(FINISH, List.of(recordKey(key)), Long.toString(properties.ttl().toMillis()), "status",
                Integer.toString(status), "content_type", contentType == null ? "" : contentType, "body", body);
    }

    /** Forgets a request that ended without a lasting effect, so that its retry runs again. */
    void release(Key key) {
        redis.execute(RELEASE, List.of(recordKey(key)));
    }

    private String recordKey(Key key) {
        return names.idempotencyKey(key.owner(), key.digest());
    }

    /** One API key's {@code Idempotency-Key}: the owner and the hex SHA-256 of the header's value. */
    record Key(String owner, String digest) {
    }
}
