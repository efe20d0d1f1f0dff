package io.darkroom.worker.consume;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Stops before the listener containers: lets running jobs and webhook deliveries finish and ack while the
 * channels are still open, so a graceful shutdown redoes no work. What still runs after the grace period is
 * left to the broker, which redelivers its messages once the channels close.
 */
final class InFlightDrain implements SmartLifecycle {

    /** Above every listener container's phase, so this stops first. */
    static final int PHASE = HandOffConsumer.CONTAINER_PHASE + 1;
    private static final Logger log = LoggerFactory.getLogger(InFlightDrain.class);

    private final List<HandOffConsumer<?>> consumers;
    private final Duration grace;
    private volatile boolean running;

    InFlightDrain(List<HandOffConsumer<?>> consumers, Duration grace) {
        this.consumers = consumers;
        this.grace = grace;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        log.info("Draining {} message(s) in flight, for up to {}", inFlight(), grace);
        consumers.forEach(HandOffConsumer::stopTaking);
        long deadline = System.nanoTime() + grace.toNanos();
        for (HandOffConsumer<?> consumer : consumers) {
            consumer.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        if (inFlight() > 0) {
            log.warn("{} message(s) still in flight after {}; the broker will redeliver them", inFlight(), grace);
        }
        running = false;
    }

    private int inFlight() {
        return consumers.stream().mapToInt(HandOffConsumer::inFlight).sum();
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
