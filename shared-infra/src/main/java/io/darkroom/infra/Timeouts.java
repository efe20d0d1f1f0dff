package io.darkroom.infra;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts on the hot path (a sync wait's poll, a publish's confirm, an outbound call's total deadline) on one
 * hashed wheel ticking every 50 ms. Arming or cancelling one wakes no thread; a JDK scheduled executor, or a
 * virtual thread's timed park, signals its scheduler thread each time, which on a small machine costs more than
 * the work being timed (decision 034).
 */
public final class Timeouts {

    private static final HashedWheelTimer WHEEL = new HashedWheelTimer(
            Thread.ofPlatform().name("darkroom-timeouts").daemon().factory(), 50, TimeUnit.MILLISECONDS);

    private Timeouts() {
    }

    /**
     * Runs {@code action} on the wheel's thread once {@code after} passed, unless cancelled; {@code action} must
     * not block (complete a future, abort a request).
     */
    public static Timeout after(Duration after, Runnable action) {
        return WHEEL.newTimeout(expired -> action.run(), after.toNanos(), TimeUnit.NANOSECONDS);
    }
}
