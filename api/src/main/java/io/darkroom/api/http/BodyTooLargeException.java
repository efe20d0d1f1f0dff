package io.darkroom.api.http;

/** A request body over its limit: answered 413. */
public final class BodyTooLargeException extends RuntimeException {

    private final String param;

    /**
     * @param param the parameter whose content is too large, or null for the whole body
     */
    public BodyTooLargeException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
