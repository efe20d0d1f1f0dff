package io.darkroom.cli;

/**
 * Darkroom answered a call with an error: its OpenAI error object ({@code {error: {message, type, param, code}}}),
 * or, when the body was not one, the status and the start of the body. {@link #getMessage()} is one line naming
 * the parameter at fault.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String param;
    private final String code;

    ApiException(String call, int status, String type, String param, String code, String message) {
        super(describe(call, status, type, param, code, message));
        this.status = status;
        this.param = param;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The parameter at fault, or null. */
    public String param() {
        return param;
    }

    /** The error's code, or null. */
    public String code() {
        return code;
    }

    /** Whether the same call may succeed later: too many requests, or a server error. */
    public boolean retryable() {
        return status == 429 || status >= 500;
    }

    private static String describe(String call, int status, String type, String param, String code, String message) {
        StringBuilder line = new StringBuilder(call).append(" answered ").append(status);
        if (type != null) {
            line.append(' ').append(type);
        }
        if (param != null) {
            line.append(" (param '").append(param).append("')");
        }
        line.append(": ").append(message == null || message.isBlank() ? "no message" : message.strip().replaceAll("\\s+", " "));
        if (code != null) {
            line.append(" [").append(code).append(']');
        }
        return line.toString();
    }
}
