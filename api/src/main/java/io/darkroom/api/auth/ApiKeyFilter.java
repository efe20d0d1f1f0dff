package io.darkroom.api.auth;

import io.darkroom.api.errors.ErrorBody;
import io.darkroom.api.errors.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requires {@code Authorization: Bearer dr_...} on every {@code /v1/} path and records the {@link Caller}.
 * Hosted images are exempt: their unguessable, expiring URL is the credential, as with OpenAI's.
 */
@Component
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyStore keys;
    private final JsonMapper json;

    ApiKeyFilter(ApiKeyStore keys, JsonMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            reject(response, "You didn't provide an API key. Send it as 'Authorization: Bearer dr_...'.", "missing_api_key");
            return;
        }
        Optional<Caller> caller;
        try {
            caller = keys.findBySecret(header.substring(BEARER.length()).trim());
        } catch (DataAccessException e) {
            write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, new ErrorBody.Detail(
                    "A backing service is unavailable. Please retry.", "server_error", null, "service_unavailable"));
            return;
        }
        if (caller.isEmpty()) {
            reject(response, "Incorrect API key provided.", "invalid_api_key");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, String message, String code) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, new ErrorBody.Detail(message, "invalid_request_error", null, code));
    }

    private void write(HttpServletResponse response, int status, ErrorBody.Detail detail) throws IOException {
        ErrorResponses.write(response, json, status, detail);
    }
}
