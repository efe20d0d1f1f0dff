package io.darkroom.worker.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The lease semaphore against the real local Redis, under a namespace unique to each test. */
class ProviderPermitsIntegrationTests {

    private final Names names = new Names("it-" + UUID.randomUUID().toString().substring(0, 8));
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private final List<ProviderPermits> semaphores = new ArrayList<>();

    @BeforeEach
    void connect() {
        connections = new LettuceConnectionFactory("127.0.0.1", 6379);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
    }

    @AfterEach
    void cleanUp() {
        semaphores.forEach(ProviderPermits::close);
        try (var keys = redis.scan(ScanOptions.scanOptions().match(names.allKeysPattern()).build())) {
            keys.forEachRemaining(redis::delete);
        }
        connections.destroy();
    }

    @Test
    void manyWorkersTogetherNeverHoldMoreThanTheLimit() throws Exception {
        List<ProviderPermits> workers = List.of(permits(Duration.ofSeconds(5)), permits(Duration.ofSeconds(5)), permits(Duration.ofSeconds(5)));
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ProviderPermits worker = workers.get(i % workers.size());
                calls.add(callers.submit(() -> {
                    try (Permit permit = worker.acquire("acme", Lane.INTERACTIVE, 4, Duration.ofSeconds(20))) {
                        assertThat(permit).isNotNull();
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                        holding.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertThat(most.get()).isEqualTo(4);
        assertThat(workers.getFirst().inUse("acme")).isZero();
    }

    @Test
    void permitOfAHolderThatNeverRenewsComesBackWithinOneLease() throws Exception {
        Duration lease = Duration.ofMillis(600);
        ProviderPermits dead = permits(lease);
        Permit taken = dead.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1));
        dead.close();
        ProviderPermits alive = permits(lease);

        assertThat(alive.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofMillis(100))).as("still leased").isNull();
        long start = System.nanoTime();
        Permit recovered = alive.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(3));

        assertThat(taken).isNotNull();
        assertThat(recovered).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(lease.toMillis() + 300);
    }

    @Test
    void liveHolderKeepsItsPermitPastTheLeaseByRenewing() throws Exception {
        ProviderPermits holder = permits(Duration.ofMillis(450));
        ProviderPermits other = permits(Duration.ofMillis(450));

        try (Permit permit = holder.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1))) {
            Thread.sleep(1_200);
            assertThat(other.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofMillis(50))).isNull();
            assertThat(permit.lost()).isFalse();
        }
        assertThat(other.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofMillis(500))).isNotNull();
    }

    @Test
    void renewalOfAnExpiredLeaseMarksThePermitLost() throws Exception {
        ProviderPermits holder = permits(Duration.ofMillis(300));
        Permit permit = holder.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1));
        redis.opsForZSet().add(names.permitsKey("acme"), permit.leaseId(), 1);

        Thread.sleep(400);

        assertThat(permit.lost()).isTrue();
    }

    @Test
    void bulkLaneTakesOnlyItsShareSoInteractiveCallsFindRoom() throws Exception {
        ProviderPermits worker = permits(Duration.ofSeconds(5));
        List<Permit> bulk = new ArrayList<>();
        Permit more;
        while ((more = worker.acquire("acme", Lane.BULK, 4, Duration.ofMillis(100))) != null) {
            bulk.add(more);
        }

        assertThat(bulk).hasSize(3);
        assertThat(worker.acquire("acme", Lane.INTERACTIVE, 4, Duration.ofMillis(100))).isNotNull();
        assertThat(worker.acquire("acme", Lane.INTERACTIVE, 4, Duration.ofMillis(100))).isNull();
    }

    @Test
    void releaseElsewhereWakesAWaiterAtOnce() throws Exception {
        ProviderPermits first = permits(Duration.ofSeconds(5));
        ProviderPermits second = new ProviderPermits(redis, names, new LimitProperties(Duration.ofSeconds(5), 0.75, Duration.ofSeconds(5)));
        semaphores.add(second);
        Permit held = first.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1));
        Thread.ofVirtual().start(() -> {
            sleep(200);
            held.close();
            second.releaseAnnounced();
        });

        long start = System.nanoTime();
        Permit next = second.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(10));

        assertThat(next).isNotNull();
        assertThat((System.nanoTime() - start) / 1_000_000).as("woken by the release, not its 5 s poll").isLessThan(2_000);
    }

    @Test
    void releaseHandsTheLeaseToACallerWaitingInTheSameWorkerWithoutGoingBackToRedis() throws Exception {
        ProviderPermits worker = new ProviderPermits(redis, names, new LimitProperties(Duration.ofSeconds(5), 0.75, Duration.ofSeconds(5)));
        semaphores.add(worker);
        ProviderPermits elsewhere = permits(Duration.ofSeconds(5));
        Permit first = worker.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1));
        CompletableFuture<Permit> waiter = waitingCaller(worker);
        sleep(500);

        first.close();
        Permit next = waiter.get(2, TimeUnit.SECONDS);

        assertThat(next.leaseId()).as("the same lease, handed over").isEqualTo(first.leaseId());
        assertThat(worker.inUse("acme")).isEqualTo(1);
        assertThat(elsewhere.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofMillis(200))).as("still one permit in all").isNull();
        next.close();
        assertThat(worker.inUse("acme")).as("no waiter: back to Redis").isZero();
    }

    @Test
    void leaseGoesBackToRedisAfterItsHandoversSoOtherWorkersGetATurn() throws Exception {
        ProviderPermits worker = new ProviderPermits(redis, names, new LimitProperties(Duration.ofSeconds(5), 0.75, Duration.ofSeconds(5)));
        semaphores.add(worker);
        Permit current = worker.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(1));
        String firstLease = current.leaseId();
        List<String> leases = new ArrayList<>();
        for (int i = 0; i <= ProviderPermits.MAX_HANDOVERS; i++) {
            CompletableFuture<Permit> waiter = waitingCaller(worker);
            sleep(400);
            current.close();
            current = waiter.get(12, TimeUnit.SECONDS);
            leases.add(current.leaseId());
        }
        current.close();

        assertThat(leases.subList(0, ProviderPermits.MAX_HANDOVERS)).containsOnly(firstLease);
        assertThat(leases.getLast()).as("after " + ProviderPermits.MAX_HANDOVERS + " handovers, a fresh lease from Redis")
                .isNotEqualTo(firstLease);
    }

    @Test
    void requestsPerMinuteAreSpacedAcrossWorkersByTheRedisClock() throws Exception {
        RequestRates first = new RequestRates(redis, names);
        RequestRates second = new RequestRates(redis, names);
        long start = System.nanoTime();

        for (int call = 0; call < 30; call++) {
            assertThat((call % 2 == 0 ? first : second).await("acme", 1_200, Duration.ofSeconds(5))).isTrue();
        }

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).as("1,200/min is one per 50 ms; a 1 s burst lets 20 go at once, 10 more wait")
                .isBetween(400L, 1_500L);
        assertThat(first.await("acme", 1_200, Duration.ofMillis(1))).as("no room left right now").isFalse();
    }

    @Test
    void noLimitMeansNoWaitAndNoRedis() throws Exception {
        assertThat(new RequestRates(null, null).await("acme", 0, Duration.ZERO)).isTrue();
    }

    private ProviderPermits permits(Duration lease) {
        ProviderPermits permits = new ProviderPermits(redis, names, new LimitProperties(lease, 0.75, Duration.ofMillis(20)));
        semaphores.add(permits);
        return permits;
    }

    /** A caller that waits (up to 10 s) for a permit of acme, limit 1, on another thread. */
    private static CompletableFuture<Permit> waitingCaller(ProviderPermits worker) {
        CompletableFuture<Permit> waiter = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                waiter.complete(worker.acquire("acme", Lane.INTERACTIVE, 1, Duration.ofSeconds(10)));
            } catch (InterruptedException e) {
                waiter.completeExceptionally(e);
            }
        });
        return waiter;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
