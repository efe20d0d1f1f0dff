package io.darkroom.api.errors;

import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.infra.messaging.PublishFailedException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import io.darkroom.model.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into OpenAI's error object with the status a client expects; bad input is never a 5xx. */
@RestControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> apiError(ApiException e) {
        return ResponseEntity.status(e.status()).headers(e.headers()).contentType(MediaType.APPLICATION_JSON).body(e.body());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ErrorBody> invalidRequest(InvalidRequestException e) {
        return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", e.param(), e.code(), e.getMessage());
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ErrorBody> tooLarge(BodyTooLargeException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", e.param(), "request_too_large", e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> uploadTooLarge(MaxUploadSizeExceededException e) {
        return respond(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "image", "request_too_large",
                "An uploaded file, or the whole upload, is larger than the limit"
                        + (e.getMaxUploadSize() > 0 ? " of " + e.getMaxUploadSize() + " bytes." : "."));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ErrorBody> badMultipart(MultipartException e) {
        if (exceedsASizeLimit(e)) {
            return respond(HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "image", "request_too_large",
                    "An uploaded file, or the whole upload, is larger than the limit.");
        }
        return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", null, "invalid_multipart",
                "The multipart body could not be read: send multipart/form-data with a boundary.");
    }

    /** Whether the server refused a multipart body over a size limit (each server words it its own way). */
    private static boolean exceedsASizeLimit(MultipartException e) {
        for (Throwable link = e; link != null; link = link.getCause()) {
            String message = String.valueOf(link.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("exceed") && (message.contains("size") || message.contains("length"))) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadableBody(HttpMessageNotReadableException e) {
        for (Throwable link = e; link != null; link = link.getCause()) {
            if (link instanceof BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String param = pathOf(unknown);
            return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "unknown_parameter",
                    "Unrecognized request argument supplied: " + param);
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String param = pathOf(jackson);
            return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_type",
                    "Invalid type for '" + param + "': expected " + JsonTypes.describe(jackson) + ".");
        }
        if (cause instanceof JacksonException jackson) {
            return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", null, "invalid_json",
                    jackson instanceof MismatchedInputException
                            ? "The request body must be a JSON object."
                            : "We could not parse the JSON body of your request: " + jackson.getOriginalMessage());
        }
        return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", null, "invalid_body",
                "The request body is missing or unreadable. Send a JSON object.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error", null, "unsupported_media_type",
                "Content-Type " + e.getContentType() + " is not supported here; send application/json.");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, "invalid_request_error", null, "not_acceptable",
                "This endpoint answers application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error", null, "method_not_allowed",
                e.getMethod() + " is not allowed here.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badPathOrQuery(MethodArgumentTypeMismatchException e) {
        return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", e.getName(), "invalid_value",
                "Invalid value for '" + e.getName() + "'.");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ErrorBody> missingHeader(MissingRequestHeaderException e) {
        return respond(HttpStatus.BAD_REQUEST, "invalid_request_error", e.getHeaderName(), "missing_header",
                "Missing header '" + e.getHeaderName() + "'.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noRoute(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, "invalid_request_error", null, "unknown_url",
                "Unknown request URL: " + e.getHttpMethod() + " /" + e.getResourcePath() + ".");
    }

    @ExceptionHandler(PublishFailedException.class)
    ResponseEntity<ErrorBody> brokerRefused(PublishFailedException e) {
        log.error("Job {} was not accepted by the broker", e.jobId(), e);
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "server_error", null, "queue_unavailable",
                "The job queue did not accept the request; nothing was charged. Please retry.");
    }

    @ExceptionHandler({AmqpException.class, DataAccessException.class})
    ResponseEntity<ErrorBody> backendUnavailable(RuntimeException e) {
        log.error("A backing service failed", e);
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "server_error", null, "service_unavailable",
                "A backing service is unavailable. Please retry.");
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ErrorBody> unexpected(RuntimeException e) {
        log.error("Unexpected failure", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", null, "internal_error",
                "The server had an error while processing your request. Please retry.");
    }

    /** The JSON path of a parse failure in OpenAI's style: {@code provider.order}, {@code images[0].image_url}. */
    private static String pathOf(JacksonException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Always JSON, whatever the caller's Accept header asked for (a streaming caller asks for SSE). */
    /**
     * A 413 also says {@code Connection: close}: the rest of a refused body is not read (it may be gigabytes, or the
     * server's multipart parser gave up on it), so the server closes the connection, and says so, lest a client
     * send its next request on a connection that is closing.
     */
    private static ResponseEntity<ErrorBody> respond(HttpStatus status, String type, String param, String code, String message) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.CONTENT_TOO_LARGE) {
            answer.header(org.springframework.http.HttpHeaders.CONNECTION, "close");
        }
        return answer.body(new ErrorBody(new ErrorBody.Detail(message, type, param, code)));
    }
}
