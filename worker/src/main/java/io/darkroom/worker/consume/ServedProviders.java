package io.darkroom.worker.consume;

import io.darkroom.infra.providers.ProviderAdvertisements;
import io.darkroom.worker.WorkerProperties;
import io.darkroom.worker.routing.ProviderBreakers;
import io.darkroom.worker.settings.ProviderDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The providers this worker serves: the ones {@code darkroom.worker.providers} names, or (when it names
 * none) every provider enabled here (the local one, and each with a key). It consumes their queues and
 * advertises them, with each one's circuit state, in its heartbeat.
 */
@Component
class ServedProviders {

    private final List<String> providers;
    private final ProviderBreakers breakers;

    ServedProviders(WorkerProperties properties, ProviderDirectory directory, ProviderBreakers breakers) {
        this.breakers = breakers;
        this.providers = properties.providers().stream().allMatch(String::isBlank)
                ? directory.enabled().stream().sorted().toList()
                : properties.providers().stream().filter(provider -> !provider.isBlank()).toList();
    }

    /** The providers whose queues this worker consumes. */
    List<String> names() {
        return providers;
    }

    /** What this worker advertises: each provider it serves, and whether its circuit lets calls through. */
    String advertisement() {
        Map<String, ProviderAdvertisements.Health> health = new LinkedHashMap<>();
        providers.forEach(provider -> health.put(provider,
                breakers.isOpen(provider) ? ProviderAdvertisements.Health.OPEN : ProviderAdvertisements.Health.UP));
        return ProviderAdvertisements.encode(health);
    }
}
