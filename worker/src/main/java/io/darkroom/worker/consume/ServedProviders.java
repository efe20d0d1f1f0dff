package io.darkroom.worker.consume;

import io.darkroom.infra.providers.ProviderAdvertisements;
import io.darkroom.worker.WorkerProperties;
import io.darkroom.worker.routing.ProviderBreakers;
import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.settings.ProviderSettings;
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
    private final ProviderDirectory directory;

    ServedProviders(WorkerProperties properties, ProviderDirectory directory, ProviderBreakers breakers) {
        this.breakers = breakers;
        this.directory = directory;
        this.providers = properties.providers().stream().allMatch(String::isBlank)
                ? directory.enabled().stream().sorted().toList()
                : properties.providers().stream().filter(provider -> !provider.isBlank()).toList();
    }

    /** The providers whose queues this worker consumes. */
    List<String> names() {
        return providers;
    }

    /**
     * What this worker advertises: each provider it serves, whether its circuit lets calls through, and the
     * limits it enforces on calls to it (its concurrency and requests per minute).
     */
    String advertisement() {
        Map<String, ProviderAdvertisements.Advertised> advertised = new LinkedHashMap<>();
        for (String provider : providers) {
            advertised.put(provider, new ProviderAdvertisements.Advertised(
                    breakers.isOpen(provider) ? ProviderAdvertisements.Health.OPEN : ProviderAdvertisements.Health.UP, limits(provider)));
        }
        return ProviderAdvertisements.encodeAdvertised(advertised);
    }

    /** The limits this worker enforces on calls to {@code provider}; null for one the catalog does not know. */
    private ProviderAdvertisements.Limits limits(String provider) {
        try {
            ProviderSettings settings = directory.settings(provider);
            return new ProviderAdvertisements.Limits(settings.concurrency(), settings.requestsPerMinute());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
