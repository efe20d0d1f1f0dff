package io.darkroom.api.errors;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes an error in OpenAI's shape from a servlet filter, where {@link ErrorHandling} does not reach. */
public final class FilterErrors {

    private FilterErrors() {
    }

    /**
     * Writes the error without closing the response's stream: closing it would complete the response at once, and
     * Jetty, finding the request body unread (a 401 is written before the body is read), would close the connection
     * after an answer that did not say so; the client's next request on it would get an empty reply. Left open,
     * the answer completes when the filter chain returns, after {@code UnreadBodyDrainFilter} read the body's rest
     * (or said {@code Connection: close}).
     */
    public static void write(HttpServletResponse response, JsonMapper json, int status, ErrorBody.Detail detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(new ErrorBody(detail)));
    }
}
