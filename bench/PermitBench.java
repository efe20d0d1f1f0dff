import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import io.darkroom.worker.limits.LimitProperties;
import io.darkroom.worker.limits.Permit;
import io.darkroom.worker.limits.ProviderPermits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The global limit's own overhead, without the rest of Darkroom on the same cores: several "workers"
 * (each its own ProviderPermits, Redis connection and release listener, as in a worker process) share one
 * provider limit; their callers take a permit, hold it for the call's latency, give it back, until the
 * backlog is done. Prints the most permits held at once and the mean utilisation of the limit.
 * Run by bench/permit-bench.sh [workers] [limit] [latency-ms] [calls].
 */
public class PermitBench {

    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[0]);
        int limit = Integer.parseInt(args[1]);
        long latency = Long.parseLong(args[2]);
        int calls = Integer.parseInt(args[3]);
        Names names = new Names("permit-bench-" + UUID.randomUUID().toString().substring(0, 8));
        List<AutoCloseable> closing = new ArrayList<>();
        List<ProviderPermits> semaphores = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            LettuceConnectionFactory connections = new LettuceConnectionFactory("127.0.0.1", 6379);
            connections.afterPropertiesSet();
            connections.start();
            ProviderPermits permits = new ProviderPermits(new StringRedisTemplate(connections), names,
                    new LimitProperties(Duration.ofSeconds(30), 0.75, Duration.ofMillis(50)));
            RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
            listener.setConnectionFactory(connections);
            listener.addMessageListener((message, pattern) -> permits.releaseAnnounced(), new ChannelTopic(names.permitsChannel("sim")));
            listener.afterPropertiesSet();
            listener.start();
            semaphores.add(permits);
            closing.add(listener::stop);
            closing.add(permits);
            closing.add(connections::destroy);
        }
        AtomicInteger remaining = new AtomicInteger(calls);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        long[] integral = new long[1];
        long[] lastChange = {System.nanoTime()};
        Object clock = new Object();
        Runnable change = () -> { };
        long start = System.nanoTime();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < workers; w++) {
                ProviderPermits permits = semaphores.get(w);
                for (int c = 0; c < 4 * limit; c++) {
                    callers.submit(() -> {
                        while (remaining.getAndDecrement() > 0) {
                            try (Permit permit = permits.acquire("sim", Lane.INTERACTIVE, limit, Duration.ofMinutes(5))) {
                                synchronized (clock) {
                                    long now = System.nanoTime();
                                    integral[0] += inFlight.get() * (now - lastChange[0]);
                                    lastChange[0] = now;
                                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                }
                                Thread.sleep(latency);
                                synchronized (clock) {
                                    long now = System.nanoTime();
                                    integral[0] += inFlight.get() * (now - lastChange[0]);
                                    lastChange[0] = now;
                                    inFlight.decrementAndGet();
                                }
                            }
                        }
                        return null;
                    });
                }
            }
        }
        long span = System.nanoTime() - start;
        System.out.printf("%d workers, limit %d, %d ms calls, %d calls: wall %.1f s, %.1f calls/s (the limit allows %.1f)%n", workers, limit,
                latency, calls, span / 1e9, calls / (span / 1e9), limit * 1000.0 / latency);
        System.out.printf("most permits held at once: %d; mean utilisation of the limit: %.1f%%%n", most.get(),
                100.0 * integral[0] / (limit * (double) span));
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }
}
