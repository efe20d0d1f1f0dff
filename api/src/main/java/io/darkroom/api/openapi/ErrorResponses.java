package io.darkroom.api.openapi;

import io.darkroom.api.errors.ErrorBody;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error answers the description names, each OpenAI's error object ({@link ErrorBody}) with an example.
 * Controllers point at them by name: {@code @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)}.
 */
public final class ErrorResponses {

    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String TOO_LARGE = "TooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String PROVIDER_ERROR = "ProviderError";
    public static final String UNAVAILABLE = "Unavailable";
    public static final String STILL_RUNNING = "StillRunning";
    /** A key over its tier's limits, or at its budget: 429 with {@code Retry-After} (decisions 023, 026). */
    public static final String RATE_LIMITED = "RateLimited";
    /** The admin endpoints' 401 and their 404 when no admin token is configured. */
    public static final String ADMIN_UNAUTHORIZED = "AdminUnauthorized";
    public static final String ADMIN_DISABLED = "AdminDisabled";

    private ErrorResponses() {
    }

    /** Every error response, by name, for the description's {@code components.responses}. */
    static Map<String, ApiResponse> all() {
        Map<String, ApiResponse> responses = new LinkedHashMap<>();
        responses.put(INVALID_REQUEST, error("A parameter is missing, unknown, of the wrong type or out of range; `param` names it.",
                "Invalid value: '999x999'. Supported values for local/fast are: 'auto', '1024x1024', '256x256', '512x512'.", "invalid_request_error", "size", "invalid_value"));
        responses.put(UNAUTHORIZED, error("No API key, or one that is unknown or revoked.",
                "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"));
        responses.put(NOT_FOUND, error("No such object for this API key (another key's ids answer 404 too).",
                "No job with id 'job_0123456789abcdefghijkl' exists for this API key.", "invalid_request_error", null, "job_not_found"));
        responses.put(CONFLICT, error("The object is not in a state that allows this (already final, not yet final, canceled).",
                "The job job_0123456789abcdefghijkl is already final and cannot be canceled.", "invalid_request_error", null,
                "job_already_final"));
        responses.put(TOO_LARGE, error("The body, an uploaded file or an input image is over its limit.",
                "An uploaded file, or the whole upload, is larger than the limit.", "invalid_request_error", "image", "request_too_large"));
        responses.put(UNSUPPORTED_MEDIA_TYPE, error("The body's Content-Type is not one this endpoint reads.",
                "Content-Type text/plain is not supported here; send application/json.", "invalid_request_error", null, "unsupported_media_type"));
        responses.put(PROVIDER_ERROR, error("The job failed at its provider; `code` is the provider's error code.",
                "The provider answered 500 on every attempt. (job job_0123456789abcdefghijkl)", "server_error", null,
                "provider_error"));
        responses.put(UNAVAILABLE, error("A backing service (Redis, RabbitMQ) or every provider of the model is unavailable; retry.",
                "A backing service is unavailable. Please retry.", "server_error", null, "service_unavailable"));
        responses.put(STILL_RUNNING, error("The job did not finish within the longest wait; fetch it later with `GET /v1/jobs/{id}`.",
                "The job job_0123456789abcdefghijkl is still running after 600 s; fetch it with GET /v1/jobs/job_0123456789abcdefghijkl.",
                "timeout", null, "job_still_running"));
        ApiResponse limited = error("Over the key's images per minute or per day, at its concurrent jobs (`rate_limit_exceeded`), or at "
                + "its budget (`insufficient_quota`); retry after `Retry-After` seconds.",
                "Rate limit reached for images on key_0123456789ab (tier 'free'): Limit 5 per minute (0 left) and 50 per day (45 left; 0 means "
                        + "no limit), Requested 1. Please try again in 11500 ms.", "images", null, "rate_limit_exceeded");
        limited.addHeaderObject("Retry-After", new io.swagger.v3.oas.models.headers.Header()
                .description("Seconds until the request would fit.").schema(new io.swagger.v3.oas.models.media.IntegerSchema()));
        responses.put(RATE_LIMITED, limited);
        responses.put(ADMIN_UNAUTHORIZED, error("No admin token, or the wrong one.",
                "This endpoint needs 'Authorization: Bearer <admin token>'.", "invalid_request_error", null, "invalid_admin_token"));
        responses.put(ADMIN_DISABLED, error("No admin token is configured (`darkroom.api.admin-token`): the admin endpoints are off.",
                "Unknown request URL (admin endpoints are disabled: set darkroom.api.admin-token).", "invalid_request_error", null,
                "unknown_url"));
        return responses;
    }

    private static ApiResponse error(String description, String message, String type, String param, String code) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("message", message);
        detail.put("type", type);
        detail.put("param", param);
        detail.put("code", code);
        MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/ErrorBody"))
                .addExamples(code, new Example().value(Map.of("error", detail)));
        return new ApiResponse().description(description).content(new Content().addMediaType("application/json", json));
    }
}
