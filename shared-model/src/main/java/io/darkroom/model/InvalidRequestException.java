package io.darkroom.model;

/**
 * A request the platform refuses, naming the parameter at fault. The api turns it into a 400 in
 * OpenAI's error shape: {@code {"error": {"message", "type": "invalid_request_error", "param", "code"}}}.
 */
public final class InvalidRequestException extends RuntimeException {

    private final String param;
    private final String code;

    /**
     * @param param   the offending parameter as named on the wire, or null when no single one is at fault
     * @param code    a stable machine-readable code, for example {@code invalid_size}
     * @param message what is wrong, in words a caller can act on
     */
    public InvalidRequestException(String param, String code, String message) {
        super(message);
        this.param = param;
        this.code = code;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
