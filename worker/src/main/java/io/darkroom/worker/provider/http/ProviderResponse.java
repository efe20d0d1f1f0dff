package io.darkroom.worker.provider.http;

import io.darkroom.infra.net.RetryAfter;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A provider's answer, whatever its status.
 *
 * @param status  the HTTP status
 * @param headers the response headers
 * @param body    the raw body
 */
public record ProviderResponse(int status, HttpHeaders headers, byte[] body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            return ProviderJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date, when the provider sent one; uncapped ({@code Backoff}
     * moves on to the next provider when it is longer than its cap).
     */
    public Optional<Duration> retryAfter() {
        return header("Retry-After").flatMap(value -> RetryAfter.parse(value, Instant.now()));
    }
}
