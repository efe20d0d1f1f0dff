package io.darkroom.infra.providers;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The permits of providers' global concurrency limits in use now: the leases in each provider's permit set
 * ({@link Names#permitsKey}) that have not expired by the Redis clock. Workers take and release them; this
 * only counts, for a worker's gauges and the api's admin view alike.
 */
public class PermitLeases {

    private static final RedisScript<Long> COUNT = LuaScripts.load("io/darkroom/infra/providers/permits-in-use.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;

    public PermitLeases(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** Live leases of {@code provider}, across every worker. */
    public long inUse(String provider) {
        Long count = redis.execute(COUNT, List.of(names.permitsKey(provider)));
        return count == null ? 0 : count;
    }
}
