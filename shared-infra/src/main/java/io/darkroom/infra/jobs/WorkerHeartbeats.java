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

    /** How long a silent worker's advertisement is remembered: its providers stay served while it restarts. */
    public static final Duration ADVERTISEMENT_MEMORY = Duration.ofHours(24);

    /** Worker {@code workerId} (serving nothing: a test or tool claimant) is alive for {@code ttl} from now, by the Redis clock. */
    public void beat(String workerId, Duration ttl) {
        beat(workerId, ttl, "");
    }

    /**
     * Worker {@code workerId} is alive for {@code ttl} from now, by the Redis clock, and serves what
     * {@code advertisement} says ({@link io.darkroom.infra.providers.ProviderAdvertisements#encode}): one round trip.
     */
    public void beat(String workerId, Duration ttl, String advertisement) {
        redis.execute(BEAT, List.of(names.workersKey(), names.providerAdvertisementsKey()), workerId, Long.toString(ttl.toMillis()),
                advertisement, Long.toString(ADVERTISEMENT_MEMORY.toMillis()));
    }

    /**
     * Worker {@code workerId} stopped cleanly: it holds nothing any more. Its advertisement stays and reads
     * silent (no heartbeat), so its providers stay served while it restarts.
     */
    public void forget(String workerId) {
        redis.opsForHash().delete(names.workersKey(), workerId);
    }
}
