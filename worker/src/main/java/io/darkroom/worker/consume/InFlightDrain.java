package io.darkroom.worker.consume;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops before the listener container: lets running jobs finish and ack while the channels are still
 * open, so a graceful shutdown redoes no work. Jobs still running after the grace period are left to
 * the broker, which redelivers their messages once the channels close.
 */
final class InFlightDrain implements SmartLifecycle {

    /** Above the container's phase, so this stops first. */
    static final int PHASE = Integer.MAX_VALUE;
    private static final Logger log = LoggerFactory.getLogger(InFlightDrain.class);

    private final JobConsumer consumer;
    private final Duration grace;
    private volatile boolean running;

    InFlightDrain(JobConsumer consumer, Duration grace) {
        this.consumer = consumer;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        log.info("Draining {} running job(s), for up to {}", consumer.inFlight(), grace);
        if (!consumer.drain(grace)) {
            log.warn("{} job(s) still running after {}; the broker will redeliver them", consumer.inFlight(), grace);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
