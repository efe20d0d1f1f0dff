package io.darkroom.worker.limits;

import io.darkroom.infra.LuaScripts;
import io.darkroom.infra.providers.PermitLeases;
import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A global lease semaphore per provider in Redis, shared by every worker:
 * <ul>
 *   <li>a permit is a lease in a sorted set scored by its expiry on the Redis clock (never a worker's);
 *       acquiring drops expired leases first, so a dead worker's permits come back within one lease;</li>
 *   <li>a live holder renews its leases every third of a lease; a renewal that finds the lease gone
 *       marks the permit lost;</li>
 *   <li>the bulk lane may hold only its share of the limit, so interactive calls always find room;</li>
 *   <li>within a worker one thread per provider and lane asks Redis at a time (the others queue locally);
 *       while a caller waits (it set the provider's contention flag), releases are announced on a Redis
 *       channel, so a waiter anywhere retries at once; with nobody waiting, a release announces nothing;</li>
 *   <li>a permit released while a caller of the same provider and lane waits in this worker is handed
 *       straight to it, lease and all, with no Redis round trip between one call's end and the next
 *       call's start; after {@value #MAX_HANDOVERS} handovers in a row a lease goes back to Redis, so
 *       other workers' waiters get their turn.</li>
 * </ul>
 */
public class ProviderPermits implements Permits, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProviderPermits.class);
    private static final RedisScript<Long> ACQUIRE = script("acquire.lua");
    private static final RedisScript<Long> RENEW = script("renew.lua");
    private static final RedisScript<Long> RELEASE = script("release.lua");
    /** Handovers of one lease inside this worker before it goes back to Redis for every worker to compete for. */
    static final int MAX_HANDOVERS = 4;

    private final StringRedisTemplate redis;
    private final Names names;
    private final LimitProperties properties;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final ReentrantLock released = new ReentrantLock();
    private final Condition releaseAnnounced = released.newCondition();
    /** Counts releases heard, so a waiter that lost a race never sleeps through a release it missed. */
    private final java.util.concurrent.atomic.AtomicLong releases = new java.util.concurrent.atomic.AtomicLong();
    private final Set<Permit> held = ConcurrentHashMap.newKeySet();
    /** Counts the leases in use for the gauges (made once, not per scrape). */
    private final PermitLeases leases;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("permit-renewer").daemon().factory());

    public ProviderPermits(StringRedisTemplate redis, Names names, LimitProperties properties) {
        this.redis = redis;
        this.names = names;
        this.properties = properties;
        this.leases = new PermitLeases(redis, names);
        long every = Math.max(100, properties.lease().toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /** Publishes the permits in use per provider as {@code darkroom.provider.permits.in_use}. */
    public void bindMetrics(MeterRegistry meters, List<String> providers) {
        for (String provider : providers) {
            Gauge.builder("darkroom.provider.permits.in_use", () -> inUse(provider)).tag("provider", provider)
                    .description("Permits of the provider's global concurrency limit in use, across workers").register(meters);
        }
    }

    @Override
    public Permit acquire(String provider, Lane lane, int limit, Duration maxWait) throws InterruptedException {
        boolean bulk = lane == Lane.BULK;
        int bulkLimit = bulk ? properties.bulkLimit(limit) : -1;
        long deadline = System.nanoTime() + maxWait.toNanos();
        Line line = lines.computeIfAbsent(lineKey(provider, lane), key -> new Line());
        if (!line.queue.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            return null;
        }
        try {
            while (true) {
                long seen = releases.get();
                String leaseId = UUID.randomUUID().toString();
                Long taken = redis.execute(ACQUIRE, keys(provider), leaseId, Long.toString(properties.lease().toMillis()),
                        Integer.toString(limit), Integer.toString(bulkLimit), Long.toString(contentionFlagLife()));
                if (taken != null && taken == 1) {
                    Permit permit = new Permit(provider, leaseId, bulk, this);
                    held.add(permit);
                    return permit;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return null;
                }
                Permit handed = awaitReleaseOrHandover(line, seen, Math.min(remaining, properties.pollInterval().toNanos()));
                if (handed != null) {
                    return handed;
                }
            }
        } finally {
            line.queue.unlock();
        }
    }

    /** Live leases of {@code provider}, across every worker. */
    public long inUse(String provider) {
        return leases.inUse(provider);
    }

    /** Wakes local waiters: a permit was released here or, as announced on Redis, elsewhere. */
    public void releaseAnnounced() {
        released.lock();
        try {
            releases.incrementAndGet();
            releaseAnnounced.signalAll();
        } finally {
            released.unlock();
        }
    }

    void release(Permit permit) {
        held.remove(permit);
        if (!permit.lost() && permit.handovers() < MAX_HANDOVERS && handOver(permit)) {
            return;
        }
        redis.execute(RELEASE, keys(permit.provider()), permit.leaseId(), names.permitsChannel(permit.provider()));
        releaseAnnounced();
    }

    /** Hands {@code permit}'s lease to this worker's waiting caller of the same provider and lane, if one waits. */
    private boolean handOver(Permit permit) {
        Line line = lines.get(lineKey(permit.provider(), permit.bulk() ? Lane.BULK : Lane.INTERACTIVE));
        if (line == null) {
            return false;
        }
        released.lock();
        try {
            if (!line.headWaiting || line.handedOver != null) {
                return false;
            }
            Permit next = permit.handedOn();
            held.add(next);
            line.handedOver = next;
            releaseAnnounced.signalAll();
            return true;
        } finally {
            released.unlock();
        }
    }

    /** Waits for a release announced anywhere, or for a lease handed over here; returns the latter. */
    private Permit awaitReleaseOrHandover(Line line, long seen, long nanos) throws InterruptedException {
        InterruptedException interrupted = null;
        Permit handed;
        released.lock();
        try {
            line.headWaiting = true;
            try {
                if (line.handedOver == null && releases.get() == seen) {
                    releaseAnnounced.awaitNanos(nanos);
                }
            } catch (InterruptedException e) {
                interrupted = e;
            } finally {
                line.headWaiting = false;
            }
            handed = line.handedOver;
            line.handedOver = null;
        } finally {
            released.unlock();
        }
        if (interrupted != null) {
            if (handed != null) {
                handed.close();
            }
            throw interrupted;
        }
        return handed;
    }

    private void renewAll() {
        for (Permit permit : held) {
            try {
                Long renewed = redis.execute(RENEW, keys(permit.provider()), permit.leaseId(),
                        Long.toString(properties.lease().toMillis()));
                if (renewed != null && renewed == 0 && !permit.isClosed()) {
                    permit.markLost();
                    held.remove(permit);
                    log.warn("A permit of {} expired before it was renewed: this worker stalled past its lease", permit.provider());
                }
            } catch (RuntimeException e) {
                log.warn("Renewing a permit of {} failed; will try again", permit.provider(), e);
            }
        }
    }

    private static String lineKey(String provider, Lane lane) {
        return provider + "/" + lane;
    }

    private List<String> keys(String provider) {
        return List.of(names.permitsKey(provider), names.bulkPermitsKey(provider), names.permitsContendedKey(provider));
    }

    /** How long the contention flag outlives the last caller that found no permit: several of its retries. */
    private long contentionFlagLife() {
        return Math.max(1_000, properties.pollInterval().toMillis() * 4);
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }

    /**
     * The callers of one provider and lane in this worker: they queue on {@code queue}, the head asks Redis;
     * {@code headWaiting} and {@code handedOver} are guarded by {@code released}.
     */
    private static final class Line {
        final ReentrantLock queue = new ReentrantLock(true);
        boolean headWaiting;
        Permit handedOver;
    }

    private static RedisScript<Long> script(String name) {
        return LuaScripts.load("io/darkroom/worker/limits/" + name, Long.class);
    }
}
