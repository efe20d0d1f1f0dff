package io.darkroom.worker.provider.http;

import io.darkroom.worker.provider.ProviderException;

/**
 * The default classification of a provider's HTTP failure; adapters check their own moderation and quota
 * shapes first and fall back to this.
 * <ul>
 *   <li>401: bad credentials; 402: out of credits; 403: refused; all provider-side (fallback);</li>
 *   <li>408, 409, 425, 429 and 5xx: retryable, with the provider's {@code Retry-After};</li>
 *   <li>other 4xx: the request is invalid for this provider (no retry, no fallback).</li>
 * </ul>
 * The failure carries the answer's {@code x-request-id} (OpenAI's and Stability's request id header), when given.
 */
public final class HttpFailures {

    /** The header in which providers name their own id of a call. */
    public static final String REQUEST_ID_HEADER = "x-request-id";

    private HttpFailures() {
    }

    /**
     * @param detail the provider's own message, for the job's error
     */
    public static ProviderException classify(String provider, ProviderResponse response, String detail) {
        int status = response.status();
        String message = provider + " answered HTTP " + status + (detail == null || detail.isBlank() ? "" : ": " + detail);
        ProviderException failure = switch (status) {
            case 401 -> ProviderException.unavailable(provider, "invalid_credentials", message);
            case 402 -> ProviderException.unavailable(provider, "out_of_credits", message);
            case 403 -> ProviderException.unavailable(provider, "provider_refused", message);
            case 408, 409, 425 -> ProviderException.retryable(provider, "provider_busy", message, response.retryAfter().orElse(null), null);
            case 429 -> ProviderException.retryable(provider, "rate_limited", message, response.retryAfter().orElse(null), null);
            default -> status >= 500
                    ? ProviderException.retryable(provider, "provider_error", message, response.retryAfter().orElse(null), null)
                    : ProviderException.invalidRequest(provider, "invalid_request", message);
        };
        return failure.withRequestId(response.header(REQUEST_ID_HEADER).orElse(null));
    }
}
