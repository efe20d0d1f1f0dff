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
    private long integral;
    private long lastChange;
    private long firstEnter;
    private long lastEnter;
    private long integralAtLastEnter;

    /** Counts a request in; false when {@code limit} (above 0) is already reached. */
    boolean enter(int limit) {
        requests.incrementAndGet();
        synchronized (this) {
            int now = inFlight.get() + 1;
            if (limit > 0 && now > limit) {
                return false;
            }
            advance();
            inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            long at = System.nanoTime();
            if (firstEnter == 0) {
                firstEnter = at;
            }
            lastEnter = at;
            integralAtLastEnter = integral;
            return true;
        }
    }

    synchronized void leave() {
        advance();
        inFlight.decrementAndGet();
    }

    /** Accumulates the in-flight count over the time since the last change (for the mean while calls kept coming). */
    private void advance() {
        long now = System.nanoTime();
        if (lastChange != 0) {
            integral += inFlight.get() * (now - lastChange);
        }
        lastChange = now;
    }

    /** The mean number of calls in flight from the first call's start to the last call's start: the backlog's span. */
    synchronized double meanInFlightWhileCallsKeptComing() {
        return lastEnter > firstEnter ? (double) integralAtLastEnter / (lastEnter - firstEnter) : 0;
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

    synchronized void reset() {
        integral = 0;
        lastChange = 0;
        firstEnter = 0;
        lastEnter = 0;
        integralAtLastEnter = 0;
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
                "span_ms", span > 0 ? span / 1_000_000 : 0,
                "mean_in_flight_x1000", Math.round(meanInFlightWhileCallsKeptComing() * 1000));
    }
}
