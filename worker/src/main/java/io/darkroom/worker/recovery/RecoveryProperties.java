package io.darkroom.worker.recovery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweeper and reaper, under {@code darkroom.worker.recovery.*}.
 *
 * @param interval     how often one worker (whichever holds the lock) sweeps
 * @param publishGrace how long a job may stay unpublished before it is republished (longer than a publisher's
 *                     confirm timeout, so a slow confirm is not mistaken for a lost message)
 * @param maxClaims    claims of one job after which a job whose worker keeps dying is failed, not re-driven
 */
@ConfigurationProperties("darkroom.worker.recovery")
public record RecoveryProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("30s") Duration publishGrace,
        @DefaultValue("5") int maxClaims) {
}
