package io.darkroom.worker;

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
 */
@ConfigurationProperties("darkroom.worker")
public record WorkerProperties(
        @DefaultValue("") List<String> providers,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("20s") Duration shutdownGrace) {

    public WorkerProperties {
        if (maxInFlight < 1 || maxInFlight > 65_535) {
            throw new IllegalArgumentException("darkroom.worker.max-in-flight must be 1-65535, got " + maxInFlight);
        }
    }
}
