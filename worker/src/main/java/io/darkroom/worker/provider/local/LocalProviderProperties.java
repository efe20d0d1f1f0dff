package io.darkroom.worker.provider.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The local provider's settings, under {@code darkroom.local.*}.
 *
 * @param slowLatency the simulated provider latency of {@code local/slow}
 */
@ConfigurationProperties("darkroom.local")
record LocalProviderProperties(@DefaultValue("5s") Duration slowLatency) {
}
