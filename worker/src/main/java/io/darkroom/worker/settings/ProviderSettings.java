package io.darkroom.worker.settings;

import java.net.URI;
import java.time.Duration;

/**
 * One provider's resolved settings. {@link #toString()} never shows the key.
 *
 * @param name           {@code openai}, {@code stability}, ...
 * @param baseUrl        where its API lives (a stub's address in tests)
 * @param apiKey         its credential; empty when none is configured
 * @param connectTimeout connect timeout
 * @param readTimeout    timeout of one call
 * @param pollInterval   poll period of asynchronous providers
 * @param maxWait        the longest an asynchronous task may run
 * @param concurrency    the most calls in flight at once
 * @param maxAttempts    calls for one job before falling back
 * @param enabled        whether Darkroom may use it (a key is configured, and it was not switched off)
 * @param requestsPerMinute call starts per minute across every worker; 0 for no limit
 * @param downloadAllowList address ranges result downloads may reach although private or local
 */
public record ProviderSettings(String name, URI baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
        Duration pollInterval, Duration maxWait, int concurrency, int maxAttempts, boolean enabled, int requestsPerMinute,
        java.util.List<String> downloadAllowList) {

    /** {@code baseUrl} joined with {@code path} (which may or may not start with a slash). */
    public URI resolve(String path) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + (path.startsWith("/") ? path : "/" + path));
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + " at " + baseUrl + ", key " + (apiKey.isEmpty() ? "none" : "****")
                + ", enabled " + enabled + "]";
    }
}
