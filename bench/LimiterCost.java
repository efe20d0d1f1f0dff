import io.darkroom.api.auth.Caller;
import io.darkroom.api.limits.RateLimits;
import io.darkroom.api.limits.TiersProperties;
import io.darkroom.model.Names;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The rate limiter's own cost per request, as the api pays it: RateLimits.admit (one Lua script on the local
 * Redis, through Spring Data Redis and Lettuce, as in the api) called CALLS times from one thread, after a
 * warm-up. Prints the process CPU per call (this JVM: the caller and Lettuce's I/O thread) and the latency.
 * Run by bench/limiter-cost.sh.
 */
public class LimiterCost {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        var factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
        factory.afterPropertiesSet();
        factory.start();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        String namespace = "limiter-bench-" + System.nanoTime();
        TiersProperties.Tier tier = new TiersProperties.Tier(1_000_000_000, 1_000_000_000, 10, 0, 0);
        TiersProperties tiers = new TiersProperties("bench", "bench", Map.of("bench", tier));
        var constructor = RateLimits.class.getDeclaredConstructor(StringRedisTemplate.class, Names.class, TiersProperties.class);
        constructor.setAccessible(true);
        RateLimits limits = constructor.newInstance(redis, new Names(namespace), tiers);
        Caller caller = new Caller("key_bench", "bench", "bench");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        for (int i = 0; i < 20_000; i++) {
            limits.admit(caller, 1);
        }
        double redisBefore = redisCpuSeconds(redis);
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            limits.admit(caller, 1);
        }
        long wall = System.nanoTime() - start;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        double redisCpu = redisCpuSeconds(redis) - redisBefore;
        System.out.printf("limiter: %d admits, %.1f us wall each, %.1f us of this JVM's CPU each (%.3f ms); Redis %.1f us each%n", calls,
                wall / 1e3 / calls, cpu / 1e3 / calls, cpu / 1e6 / calls, redisCpu * 1e6 / calls);
        redis.delete(new Names(namespace).limitsKey("key_bench"));
        factory.destroy();
    }

    /** Redis's own CPU so far (user + system), from INFO cpu. */
    private static double redisCpuSeconds(StringRedisTemplate redis) {
        java.util.Properties info = redis.execute((org.springframework.data.redis.core.RedisCallback<java.util.Properties>)
                connection -> connection.serverCommands().info("cpu"));
        return Double.parseDouble(info.getProperty("used_cpu_user")) + Double.parseDouble(info.getProperty("used_cpu_sys"));
    }
}
