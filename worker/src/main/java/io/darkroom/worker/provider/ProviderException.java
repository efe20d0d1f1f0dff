package io.darkroom.worker.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider failed, classified once, here, into a {@link Kind} that says what happens next:
 * <ul>
 *   <li>{@link Kind#RETRYABLE}: timeouts, connection errors, 429, 5xx; tried again after a backoff
 *       (honouring {@link #retryAfter()}), then the next provider;</li>
 *   <li>{@link Kind#INVALID_REQUEST} and {@link Kind#CONTENT_POLICY}: the caller's request; the job fails,
 *       no retry, no fallback;</li>
 *   <li>{@link Kind#PROVIDER_UNAVAILABLE}: the provider's side (credentials, credits, outage); no retry on it,
 *       the next provider is tried, and it counts against the provider's circuit breaker.</li>
 * </ul>
 */
public final class ProviderException extends RuntimeException {

    /** What kind of failure it is, and so what is done next. */
    public enum Kind { RETRYABLE, INVALID_REQUEST, CONTENT_POLICY, PROVIDER_UNAVAILABLE }

    /** The code of every moderation refusal, whatever shape the provider gave it. */
    public static final String CONTENT_POLICY_VIOLATION = "content_policy_violation";

    private final String provider;
    private final String code;
    private final Kind kind;
    private final Duration retryAfter;
    private final String requestId;

    private ProviderException(String provider, Kind kind, String code, String message, Duration retryAfter, Throwable cause,
            String requestId) {
        super(message, cause);
        this.provider = provider;
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
        this.requestId = requestId;
    }

    private ProviderException(String provider, Kind kind, String code, String message, Duration retryAfter, Throwable cause) {
        this(provider, kind, code, message, retryAfter, cause, null);
    }

    /** Trying again later may work: timeouts, connection errors, 429, 5xx. */
    public static ProviderException retryable(String provider, String code, String message, Duration retryAfter, Throwable cause) {
        return new ProviderException(provider, Kind.RETRYABLE, code, message, retryAfter, cause);
    }

    /** Trying again later may work; no hint when. */
    public static ProviderException retryableFailure(String provider, String code, String message, Throwable cause) {
        return retryable(provider, code, message, null, cause);
    }

    /** The request itself is wrong for this provider (400, 422): not retried, no fallback. */
    public static ProviderException invalidRequest(String provider, String code, String message) {
        return new ProviderException(provider, Kind.INVALID_REQUEST, code, message, null, null);
    }

    /** A failure that trying again cannot fix, caused by the request or its inputs. */
    public static ProviderException finalFailure(String provider, String code, String message) {
        return invalidRequest(provider, code, message);
    }

    /** The provider's moderation refused the prompt or the result. */
    public static ProviderException contentPolicy(String provider, String message) {
        return new ProviderException(provider, Kind.CONTENT_POLICY, CONTENT_POLICY_VIOLATION, message, null, null);
    }

    /**
     * The provider cannot serve anyone now: bad credentials ({@code invalid_credentials}), no credits
     * ({@code out_of_credits}), or another provider-side refusal ({@code provider_unavailable}).
     */
    public static ProviderException unavailable(String provider, String code, String message) {
        return new ProviderException(provider, Kind.PROVIDER_UNAVAILABLE, code, message, null, null);
    }

    public String provider() {
        return provider;
    }

    /** Stable and machine-readable, for example {@code content_policy_violation} or {@code rate_limited}. */
    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind == Kind.RETRYABLE;
    }

    /** Whether the caller's request caused it: then nothing else is tried. */
    public boolean causedByRequest() {
        return kind == Kind.INVALID_REQUEST || kind == Kind.CONTENT_POLICY;
    }

    /**
     * This failure with the provider's own id of the call that failed (its answer's request id header), or
     * itself when {@code requestId} is null.
     */
    public ProviderException withRequestId(String requestId) {
        if (requestId == null) {
            return this;
        }
        ProviderException copy = new ProviderException(provider, kind, code, getMessage(), retryAfter, getCause(), requestId);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    /** The provider's own id of the failed call, when its answer carried one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How long the provider asked to wait before trying again, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
