package io.darkroom.api.errors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the api answers deliberately, with the status and OpenAI error fields a client expects.
 */
public final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;

    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String type, String param, String code, String message) {
        this(status, type, param, code, message, HttpHeaders.EMPTY);
    }

    /** @param headers sent with the error (a 429's {@code Retry-After}, say) */
    public ApiException(HttpStatus status, String type, String param, String code, String message, HttpHeaders headers) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.headers = headers;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", null, what + "_not_found",
                "No " + what + " with id '" + id + "' exists for this API key.");
    }

    public HttpStatus status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody(new ErrorBody.Detail(getMessage(), type, param, code));
    }
}
