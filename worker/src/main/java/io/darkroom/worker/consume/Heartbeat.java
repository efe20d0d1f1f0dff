package io.darkroom.worker.consume;

import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.jobs.WorkerHeartbeats;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This worker's identity and its heartbeat in Redis, every third of {@code darkroom.worker-heartbeat} (and at
 * once when a circuit changes), carrying what it serves ({@link ServedProviders}) for the api to route on.
 * Jobs it claims name it as their holder; while it beats, a redelivered message of such a job is held
 * rather than run again. A clean stop forgets the worker at once: after the consumers drained and stopped,
 * before the Redis connections close.
 */
@Component
class Heartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final String workerId = "worker_" + java.util.UUID.randomUUID().toString().substring(0, 13);
    private final WorkerHeartbeats heartbeats;
    private final ServedProviders served;
    private final Duration ttl;
    private volatile boolean running = true;
    private final ScheduledExecutorService beater = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("worker-heartbeat").daemon().factory());

    Heartbeat(WorkerHeartbeats heartbeats, DarkroomProperties properties, ServedProviders served) {
        this.heartbeats = heartbeats;
        this.served = served;
        this.ttl = properties.workerHeartbeat();
        beat();
        long every = Math.max(100, ttl.toMillis() / 3);
        beater.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        log.info("This worker is {} (heartbeat {})", workerId, ttl);
    }

    /** The id jobs claimed by this worker record as their holder. */
    String workerId() {
        return workerId;
    }

    /** How often a held redelivery looks again whether the job finished or its holder died. */
    Duration holdPoll() {
        return Duration.ofMillis(Math.clamp(ttl.toMillis() / 4, 100, 1000));
    }

    /** A circuit changed here: advertise it now rather than at the next beat. */
    @org.springframework.context.event.EventListener
    void circuitChanged(io.darkroom.worker.routing.ProviderBreakers.CircuitChanged change) {
        try {
            beater.execute(this::beat);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.debug("Not advertising the circuit change of {}: the worker is stopping", change.provider());
        }
    }

    private void beat() {
        try {
            heartbeats.beat(workerId, ttl, served.advertisement());
        } catch (RuntimeException e) {
            log.warn("The heartbeat of {} failed; will try again", workerId, e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return InFlightDrain.PHASE - 2;
    }

    @Override
    public void stop() {
        running = false;
        beater.shutdownNow();
        try {
            heartbeats.forget(workerId);
        } catch (RuntimeException e) {
            log.warn("Could not forget the heartbeat of {}; it expires by itself", workerId, e);
        }
    }
}
