package io.darkroom.worker.provider;

/**
 * A provider failed. Every failure is classified once, here: {@link #retryable()} says whether trying
 * again may help (timeouts, 429, 5xx) or not (bad request, content policy, credentials, credits).
 */
public final class ProviderException extends RuntimeException {

    private final String provider;
    private final String code;
    private final boolean retryable;

    private ProviderException(String provider, String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.code = code;
        this.retryable = retryable;
    }

    /** A failure that trying again cannot fix. */
    public static ProviderException finalFailure(String provider, String code, String message) {
        return new ProviderException(provider, code, message, false, null);
    }

    /** A failure that may pass: the caller may try again later. */
    public static ProviderException retryableFailure(String provider, String code, String message, Throwable cause) {
        return new ProviderException(provider, code, message, true, cause);
    }

    public String provider() {
        return provider;
    }

    /** Stable and machine-readable, for example {@code content_policy_violation}. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
