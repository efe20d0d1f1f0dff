package io.darkroom.infra.jobs;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Workers' heartbeats in Redis, stamped with the Redis clock (never a worker's): a worker that stops
 * beating (killed, paused, cut off) is taken for gone once its last heartbeat expires, and a redelivered
 * message may then take its running jobs over. One hash per namespace; long-silent workers are dropped.
 */
public class WorkerHeartbeats {

    private static final RedisScript<Long> BEAT = LuaScripts.load("io/darkroom/infra/jobs/heartbeat.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;

    public WorkerHeartbeats(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** Worker {@code workerId} is alive for {@code ttl} from now, by the Redis clock. */
    public void beat(String workerId, Duration ttl) {
        redis.execute(BEAT, List.of(names.workersKey()), workerId, Long.toString(ttl.toMillis()));
    }

    /** Worker {@code workerId} stopped cleanly: it holds nothing any more. */
    public void forget(String workerId) {
        redis.opsForHash().delete(names.workersKey(), workerId);
    }
}
