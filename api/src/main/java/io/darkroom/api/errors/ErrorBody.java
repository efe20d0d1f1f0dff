package io.darkroom.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error object. {@code param} and {@code code} are written even when null, as OpenAI does.
 *
 * @param error the details
 */
public record ErrorBody(Detail error) {

    /**
     * @param message what is wrong, in words a caller can act on
     * @param type    {@code invalid_request_error}, {@code authentication_error}, {@code server_error}, ...
     * @param param   the parameter at fault, or null
     * @param code    a stable machine-readable code, or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, String param, String code) {
    }
}
