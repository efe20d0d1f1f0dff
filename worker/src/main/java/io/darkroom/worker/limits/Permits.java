package io.darkroom.worker.limits;

import io.darkroom.model.Lane;
import java.time.Duration;

/** Grants permits of providers' concurrency limits. */
public interface Permits {

    /**
     * Waits for a permit of {@code provider}'s limit.
     *
     * @param limit   the provider's concurrency limit
     * @param maxWait how long to wait at most
     * @return the permit, or null when none came free in time
     */
    Permit acquire(String provider, Lane lane, int limit, Duration maxWait) throws InterruptedException;
}
