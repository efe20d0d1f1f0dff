package io.darkroom.api.idempotency;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ErrorBody;
import io.darkroom.api.errors.FilterErrors;
import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.api.images.ImageEndpoints;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every {@code POST /v1/...} (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field"), scoped to the caller's API key and kept {@code darkroom.api.idempotency.ttl} (24 h) in Redis:
 * <ul>
 * <li>the same key with the same request answers as the first attempt did (header {@code Idempotent-Replayed:
 * true}); for an image request, with the first attempt's job, waited for as the retry asks
 * ({@link IdempotentJob});</li>
 * <li>the same key with another request: 422 {@code idempotency_key_reused};</li>
 * <li>while the first attempt is still running and has made nothing yet: 409 {@code idempotency_key_in_use}.</li>
 * </ul>
 * A first attempt that ends in a 5xx or 429 leaves nothing behind, so that its retry runs again.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_CHARS = 255;

    private final IdempotencyStore store;
    private final ImageEndpoints images;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyStore store, ImageEndpoints images, JsonMapper json) {
        this.store = store;
        this.images = images;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String value = unquoted(request.getHeader(HEADER));
        if (value.isEmpty() || value.length() > MAX_KEY_CHARS || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            refuse(response, HttpStatus.BAD_REQUEST, "invalid_request_error", "invalid_idempotency_key",
                    "Invalid 'Idempotency-Key': expected 1 to " + MAX_KEY_CHARS + " printable ASCII characters.");
            return;
        }
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        IdempotencyStore.Key key = new IdempotencyStore.Key(caller.keyId(), RequestFingerprint.ofKey(value));
        HttpServletRequest readable = request;
        String fingerprint;
        try {
            if (isMultipart(request)) {
                fingerprint = RequestFingerprint.ofParts(request);
            } else {
                byte[] body = request.getInputStream().readAllBytes();
                fingerprint = RequestFingerprint.of(request, body);
                readable = new BufferedBodyRequest(request, body);
            }
        } catch (BodyTooLargeException e) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, "invalid_request_error", "request_too_large", e.getMessage());
            return;
        } catch (IOException | ServletException | IllegalStateException unreadable) {
            chain.doFilter(request, response); // the request is refused downstream as unreadable: nothing to keep
            return;
        }
        switch (store.begin(key, fingerprint)) {
            case IdempotencyStore.Start.Mismatch mismatch -> refuse(response, HttpStatus.UNPROCESSABLE_CONTENT, "invalid_request_error",
                    "idempotency_key_reused", "This Idempotency-Key was used with a different request; use a new key for a new request.");
            case IdempotencyStore.Start.InFlight inFlight -> {
                response.setHeader("Retry-After", "1");
                refuse(response, HttpStatus.CONFLICT, "invalid_request_error", "idempotency_key_in_use",
                        "The first request with this Idempotency-Key is still being processed; retry shortly.");
            }
            case IdempotencyStore.Start.Answered answered -> replay(response, answered);
            case IdempotencyStore.Start.MadeJob madeJob -> {
                response.setHeader(REPLAYED, "true");
                runImageRequest(readable, response, chain, new IdempotentJob(store, key, fingerprint, Optional.of(madeJob.jobId())));
            }
            case IdempotencyStore.Start.First first -> {
                if (images.find(request.getRequestURI()).isPresent()) {
                    runImageRequest(readable, response, chain, new IdempotentJob(store, key, fingerprint, Optional.empty()));
                } else {
                    runAndRecord(readable, response, chain, key);
                }
            }
        }
    }

    /** An image request answers with its job, which {@link IdempotentJob} records as soon as it exists. */
    private void runImageRequest(HttpServletRequest request, HttpServletResponse response, FilterChain chain, IdempotentJob job)
            throws ServletException, IOException {
        request.setAttribute(IdempotentJob.ATTRIBUTE, job);
        try {
            chain.doFilter(request, response);
        } finally {
            if (!job.madeEarlier() && !job.recorded()) {
                store.release(job.key());
            }
        }
    }

    /** Any other request: its answer is kept and replayed, unless it was a 5xx or a 429. */
    private void runAndRecord(HttpServletRequest request, HttpServletResponse response, FilterChain chain, IdempotencyStore.Key key)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean recorded = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (!request.isAsyncStarted() && status < 500 && status != HttpStatus.TOO_MANY_REQUESTS.value()) {
                store.answered(key, status, captured.getContentType(),
                        new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8));
                recorded = true;
            }
        } finally {
            if (!recorded) {
                store.release(key);
            }
            captured.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.Start.Answered answered) throws IOException {
        response.setStatus(answered.status());
        response.setHeader(REPLAYED, "true");
        if (!answered.contentType().isEmpty()) {
            response.setContentType(answered.contentType());
        }
        response.getOutputStream().write(answered.body());
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String type, String code, String message) throws IOException {
        FilterErrors.write(response, json, status.value(), new ErrorBody.Detail(message, type, HEADER, code));
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /** The draft sends the key as a structured-field string ({@code "abc"}); a bare token is taken as it is. */
    private static String unquoted(String header) {
        String trimmed = header.trim();
        return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
                ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }
}
