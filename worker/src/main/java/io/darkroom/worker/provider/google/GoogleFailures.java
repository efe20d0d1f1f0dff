package io.darkroom.worker.provider.google;

import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.http.HttpFailures;
import io.darkroom.worker.provider.http.ProviderResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Google's error answers, {@code {"error": {"code", "message", "status", "details"}}}: an invalid API key (which
 * Google reports as 400 or 403) is bad credentials, {@code FAILED_PRECONDITION} or a message asking for billing
 * (Imagen's 400 "only accessible to billed users") is out of credits, 404 (the model is not served to this key)
 * is a provider-side refusal, and a 429 carries the {@code Retry-After} or else the {@code RetryInfo.retryDelay}
 * of its details. The rest is {@link HttpFailures}'s.
 */
final class GoogleFailures {

    private GoogleFailures() {
    }

    static ProviderException classify(ProviderResponse response) {
        JsonNode error = response.json().path("error");
        String status = error.path("status").asString("");
        String message = error.path("message").asString(response.text());
        String name = GoogleProvider.NAME;
        if (invalidKey(error, message)) {
            return ProviderException.unavailable(name, "invalid_credentials", "Google: " + message);
        }
        if ("FAILED_PRECONDITION".equals(status) || needsBilling(message)) {
            return ProviderException.unavailable(name, "out_of_credits", "Google: " + message);
        }
        if (response.status() == 404) {
            return ProviderException.unavailable(name, "provider_refused", "Google does not serve the model to this key: " + message);
        }
        if (response.status() == 429) {
            Duration wait = response.retryAfter().or(() -> retryDelay(error)).orElse(null);
            return ProviderException.retryable(name, "rate_limited", "Google answered HTTP 429 " + status + ": " + message, wait, null);
        }
        return HttpFailures.classify(name, response, status.isEmpty() ? message : status + ": " + message);
    }

    private static boolean invalidKey(JsonNode error, String message) {
        for (JsonNode detail : error.path("details")) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asString(""))) {
                return true;
            }
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("api key") && (lower.contains("not valid") || lower.contains("invalid") || lower.contains("expired"));
    }

    /** Imagen refuses unbilled keys with a 400 {@code INVALID_ARGUMENT} that says so. */
    private static boolean needsBilling(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        return lower.contains("billed users") || lower.contains("enable billing");
    }

    /** {@code google.rpc.RetryInfo}'s {@code retryDelay}, a duration in seconds written like {@code "37s"}. */
    private static Optional<Duration> retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String delay = detail.path("retryDelay").asString("");
            if (detail.path("@type").asString("").endsWith("google.rpc.RetryInfo") && delay.matches("[0-9]{1,7}(\\.[0-9]+)?s")) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000)));
            }
        }
        return Optional.empty();
    }
}
