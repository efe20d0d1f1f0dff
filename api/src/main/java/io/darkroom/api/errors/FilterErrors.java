package io.darkroom.api.errors;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes an error in OpenAI's shape from a servlet filter, where {@link ErrorHandling} does not reach. */
public final class FilterErrors {

    private FilterErrors() {
    }

    public static void write(HttpServletResponse response, JsonMapper json, int status, ErrorBody.Detail detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ErrorBody(detail));
    }
}
