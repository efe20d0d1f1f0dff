package io.darkroom.api.auth;

import io.darkroom.api.errors.ErrorBody;
import io.darkroom.api.errors.FilterErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requires {@code Authorization: Bearer dr_...} on every {@code /v1/} path and records the {@link Caller}.
 * Hosted images are exempt: their unguessable, expiring URL is the credential, as with OpenAI's. So is the
 * API's own description, {@code springdoc.api-docs.path} ({@code /v1/openapi.json}), with exactly the one
 * resource beside it that the reference at {@code /docs} reads ({@code swagger-config}); nothing else under it.
 */
@Component
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10)
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyStore keys;
    private final JsonMapper json;
    private final Set<String> publicPaths;

    ApiKeyFilter(ApiKeyStore keys, JsonMapper json, @Value("${springdoc.api-docs.path}") String apiDescriptionPath) {
        this.keys = keys;
        this.json = json;
        this.publicPaths = Set.of(apiDescriptionPath, apiDescriptionPath + "/swagger-config");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v1/") || publicPaths.contains(path);
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
        FilterErrors.write(response, json, status, detail);
    }
}
