package io.darkroom.api.limits;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.images.ImageEndpoints;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the caller's rate-limit headers on every answer: an image request's after it was counted
 * ({@link #set}, from the submission), any other request's as the limits stand when it arrives.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
public class RateLimitHeaders extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ImageEndpoints images;

    RateLimitHeaders(RateLimits limits, ImageEndpoints images) {
        this.limits = limits;
        this.images = images;
    }

    /** Sets {@code standing}'s headers on the answer to the request being handled. */
    public static void set(RateLimits.Standing standing) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes && attributes.getResponse() != null) {
            write(standing, attributes.getResponse());
        }
    }

    private static void write(RateLimits.Standing standing, HttpServletResponse response) {
        standing.headers().forEach((name, values) -> response.setHeader(name, values.getFirst()));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller)
                || "POST".equals(request.getMethod()) && images.find(request.getRequestURI()).isPresent();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        limits.peek((Caller) request.getAttribute(Caller.ATTRIBUTE)).ifPresent(standing -> write(standing, response));
        chain.doFilter(request, response);
    }
}
