package io.darkroom.simulator;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator saw: requests, failures, 429s, and the most requests in flight at once. */
public final class SimulatorStats {

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEnd = new AtomicLong();

    /** Counts a request in; false when {@code limit} (above 0) is already reached. */
    boolean enter(int limit) {
        requests.incrementAndGet();
        int now = inFlight.incrementAndGet();
        if (limit > 0 && now > limit) {
            inFlight.decrementAndGet();
            return false;
        }
        maxInFlight.accumulateAndGet(now, Math::max);
        return true;
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** Counts the time one request held a slot, from {@code startNanos} to now. */
    void served(long startNanos) {
        long now = System.nanoTime();
        busyNanos.addAndGet(now - startNanos);
        firstStart.accumulateAndGet(startNanos, Math::min);
        lastEnd.accumulateAndGet(now, Math::max);
    }

    void failed() {
        failed.incrementAndGet();
    }

    void rateLimited() {
        rateLimited.incrementAndGet();
    }

    void reset() {
        requests.set(0);
        failed.set(0);
        rateLimited.set(0);
        maxInFlight.set(inFlight.get());
        busyNanos.set(0);
        firstStart.set(Long.MAX_VALUE);
        lastEnd.set(0);
    }

    public long requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }

    Map<String, Object> snapshot() {
        long span = lastEnd.get() - firstStart.get();
        return Map.of("requests", requests.get(), "failed", failed.get(), "rate_limited", rateLimited.get(),
                "in_flight", inFlight.get(), "max_in_flight", maxInFlight.get(), "busy_ms", busyNanos.get() / 1_000_000,
                "span_ms", span > 0 ? span / 1_000_000 : 0);
    }
}
