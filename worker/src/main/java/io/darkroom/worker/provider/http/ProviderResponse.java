package io.darkroom.worker.provider.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    /** {@code Retry-After} in seconds or as an HTTP date, when the provider sent one. */
    public Optional<Duration> retryAfter() {
        return header("Retry-After").flatMap(ProviderResponse::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String trimmed = value.strip();
        if (trimmed.matches("[0-9]{1,7}(\\.[0-9]+)?")) {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(trimmed) * 1000)));
        }
        try {
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
