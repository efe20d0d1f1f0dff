package io.darkroom.worker.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider settings under {@code darkroom.providers.*}: {@code defaults} for every provider, and
 * {@code instances.<name>} overriding them per provider. A provider without an API key is disabled.
 *
 * @param defaults  what applies where an instance says nothing
 * @param instances per provider: {@code openai}, {@code stability}, {@code bfl}, {@code replicate}, {@code fal},
 *                  {@code ideogram}, {@code google}
 */
@ConfigurationProperties("darkroom.providers")
public record ProvidersProperties(@DefaultValue Defaults defaults, Map<String, Instance> instances) {

    public ProvidersProperties {
        instances = instances == null ? Map.of() : Map.copyOf(instances);
    }

    /**
     * @param connectTimeout how long connecting to a provider may take
     * @param readTimeout    how long one provider call may take before it counts as a (retryable) timeout
     * @param pollInterval   how often asynchronous providers (BFL, Replicate, fal) are polled
     * @param maxWait        how long an asynchronous provider's task may run before Darkroom gives up on it
     * @param concurrency    the most calls in flight to the provider at once
     * @param maxAttempts    calls to one provider for one job before falling back (retryable failures only)
     * @param downloadAllowList address ranges (CIDR) that result downloads may reach although private or local:
     *                       a result URL a provider returns, and every redirect from it, passes the SSRF guard
     */
    public record Defaults(
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue("120s") Duration readTimeout,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("10m") Duration maxWait,
            @DefaultValue("8") int concurrency,
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("") List<String> downloadAllowList) {

        public Defaults {
            downloadAllowList = downloadAllowList == null ? List.of() : List.copyOf(downloadAllowList);
        }
    }

    /**
     * One provider; every null field takes the default. The key is read from {@code apiKey}, or from the
     * file {@code apiKeyFile} (a mounted secret); it is never logged nor returned. {@code requestsPerMinute}
     * limits call starts across every worker (none when absent).
     */
    public record Instance(String baseUrl, String apiKey, Path apiKeyFile, Duration connectTimeout, Duration readTimeout,
            Duration pollInterval, Duration maxWait, Integer concurrency, Integer maxAttempts, Boolean enabled,
            Integer requestsPerMinute) {

        @Override
        public String toString() {
            return "Instance[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "****")
                    + ", apiKeyFile=" + apiKeyFile + "]";
        }
    }
}
