package io.darkroom.worker.limits;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Per-provider requests-per-minute limits shared by every worker: GCRA in one Lua script on the Redis
 * clock (one key per provider holding the theoretical arrival time). A burst of
 * {@value #BURST_SECONDS} second's worth of requests is tolerated; beyond it callers wait their turn.
 */
public class RequestRates {

    /** How many seconds' worth of requests may go at once after a quiet spell. */
    public static final int BURST_SECONDS = 1;
    private static final RedisScript<Long> RATE = LuaScripts.load("io/darkroom/worker/limits/rate.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;

    public RequestRates(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /**
     * Waits until one more request to {@code provider} fits its limit.
     *
     * @param perMinute the limit; 0 or less for none
     * @return false when the wait would exceed {@code maxWait}
     */
    public boolean await(String provider, int perMinute, Duration maxWait) throws InterruptedException {
        if (perMinute <= 0) {
            return true;
        }
        long interval = Math.max(1, 60_000L / perMinute);
        long tolerance = Math.max(0, 1000L * BURST_SECONDS - interval);
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            Long wait = redis.execute(RATE, List.of(names.rateKey(provider)), Long.toString(interval), Long.toString(tolerance));
            if (wait == null || wait == 0) {
                return true;
            }
            if (System.nanoTime() + wait * 1_000_000 > deadline) {
                return false;
            }
            Thread.sleep(wait);
        }
    }
}
