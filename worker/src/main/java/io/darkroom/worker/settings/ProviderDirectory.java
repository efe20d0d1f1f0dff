package io.darkroom.worker.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every provider's resolved settings: the defaults, the known public base URLs, and what configuration
 * overrides. The local provider needs no key and is always enabled.
 */
public final class ProviderDirectory {

    /** The providers' public APIs, used unless {@code base-url} says otherwise. */
    static final Map<String, String> PUBLIC_BASE_URLS = Map.of(
            "openai", "https://api.openai.com/v1",
            "stability", "https://api.stability.ai",
            "bfl", "https://api.bfl.ai",
            "replicate", "https://api.replicate.com/v1",
            "fal", "https://queue.fal.run",
            "ideogram", "https://api.ideogram.ai",
            "google", "https://generativelanguage.googleapis.com/v1beta",
            "local", "local:cpu");

    private final Map<String, ProviderSettings> settings;

    public ProviderDirectory(ProvidersProperties properties, Set<String> providers) {
        this.settings = providers.stream().collect(Collectors.toUnmodifiableMap(name -> name,
                name -> resolve(name, properties.defaults(), properties.instances().get(name))));
    }

    /** @throws IllegalArgumentException for a provider the catalog does not know */
    public ProviderSettings settings(String provider) {
        ProviderSettings found = settings.get(provider);
        if (found == null) {
            throw new IllegalArgumentException("Unknown provider '" + provider + "'");
        }
        return found;
    }

    public boolean isEnabled(String provider) {
        ProviderSettings found = settings.get(provider);
        return found != null && found.enabled();
    }

    /** The names of every enabled provider. */
    public Set<String> enabled() {
        return settings.values().stream().filter(ProviderSettings::enabled).map(ProviderSettings::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static ProviderSettings resolve(String name, ProvidersProperties.Defaults defaults, ProvidersProperties.Instance instance) {
        ProvidersProperties.Instance own = instance != null ? instance
                : new ProvidersProperties.Instance(null, null, null, null, null, null, null, null, null, null, null);
        String key = keyOf(name, own);
        boolean enabled = !Boolean.FALSE.equals(own.enabled()) && (name.equals("local") || !key.isEmpty());
        String baseUrl = own.baseUrl() != null && !own.baseUrl().isBlank() ? own.baseUrl()
                : PUBLIC_BASE_URLS.getOrDefault(name, "http://unconfigured.invalid");
        return new ProviderSettings(name, URI.create(baseUrl), key,
                orElse(own.connectTimeout(), defaults.connectTimeout()), orElse(own.readTimeout(), defaults.readTimeout()),
                orElse(own.pollInterval(), defaults.pollInterval()), orElse(own.maxWait(), defaults.maxWait()),
                orElse(own.concurrency(), defaults.concurrency()), orElse(own.maxAttempts(), defaults.maxAttempts()), enabled,
                orElse(own.requestsPerMinute(), 0), defaults.downloadAllowList());
    }

    private static String keyOf(String name, ProvidersProperties.Instance instance) {
        if (instance.apiKey() != null && !instance.apiKey().isBlank()) {
            return instance.apiKey().strip();
        }
        if (instance.apiKeyFile() != null) {
            try {
                return Files.readString(instance.apiKeyFile()).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the API key file of provider " + name
                        + " (darkroom.providers.instances." + name + ".api-key-file)", e);
            }
        }
        return "";
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
