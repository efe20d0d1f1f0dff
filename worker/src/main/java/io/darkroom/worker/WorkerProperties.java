package io.darkroom.worker;

import io.darkroom.model.Lane;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's settings, under {@code darkroom.worker.*}.
 *
 * @param providers     the providers whose queues this worker consumes; empty for every enabled provider
 * @param maxInFlight   jobs one worker runs at once per queue (the consumer prefetch)
 * @param shutdownGrace how long a stopping worker lets running jobs finish before their messages go back
 * @param maxRunTime    how long one run of a job may last (claim to final state) before the sweeper fails it
 *                      with {@code max_run_time_exceeded}, whatever the worker running it does; above a permit
 *                      wait plus an asynchronous provider's polling ({@code max-wait}, 10 min each)
 * @param maxRunTimes   per model id, a maximum run time overriding {@code maxRunTime}
 *                      ({@code darkroom.worker.max-run-times[local/slow]=30s})
 * @param lanes         the lanes whose queues this worker consumes; empty for both. On Kubernetes each lane has its
 *                      own worker Deployment, scaled on that lane's queue length (decision 031)
 */
@ConfigurationProperties("darkroom.worker")
public record WorkerProperties(
        @DefaultValue("") List<String> providers,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue("30m") Duration maxRunTime,
        java.util.Map<String, Duration> maxRunTimes,
        List<Lane> lanes) {

    /** The maximum run time of a job of {@code model}. */
    public Duration maxRunTimeOf(String model) {
        return model == null ? maxRunTime : maxRunTimes.getOrDefault(model, maxRunTime);
    }

    /** The lanes this worker consumes: those configured, or every lane when none is. */
    public List<Lane> servedLanes() {
        return lanes.isEmpty() ? List.of(Lane.values()) : lanes;
    }

    public WorkerProperties {
        lanes = lanes == null ? List.of() : List.copyOf(lanes);  // unset binds as null
        maxRunTimes = maxRunTimes == null ? java.util.Map.of() : java.util.Map.copyOf(maxRunTimes);
        if (maxInFlight < 1 || maxInFlight > 65_535) {
            throw new IllegalArgumentException("darkroom.worker.max-in-flight must be 1-65535, got " + maxInFlight);
        }
    }
}
