package io.darkroom.api.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * OpenAI's error object. {@code param} and {@code code} are written even when null, as OpenAI does.
 *
 * @param error the details
 */
@Schema(description = "OpenAI's error object, the body of every error answer.", requiredProperties = "error")
public record ErrorBody(Detail error) {

    /**
     * @param message what is wrong, in words a caller can act on
     * @param type    {@code invalid_request_error}, {@code authentication_error}, {@code server_error}, ...
     * @param param   the parameter at fault, or null
     * @param code    a stable machine-readable code, or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "ErrorDetail", requiredProperties = {"message", "type", "param", "code"})
    public record Detail(
            @Schema(description = "What is wrong, in words a caller can act on.") String message,
            @Schema(description = "`invalid_request_error`, `server_error` or `timeout`.") String type,
            @Schema(description = "The parameter at fault (`size`, `image[1]`, `body.images[0].image_url`), or null.",
                    types = {"string", "null"}) String param,
            @Schema(description = "A stable machine-readable code (`invalid_value`, `job_not_found`), or null.",
                    types = {"string", "null"}) String code) {
    }
}
