package io.darkroom.api.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads and discards what is left of a request body once the answer is written (a 401 before the body
 * was read, a 413 part-way through, a refused multipart), up to {@value RequestBodies#MAX_DRAIN_BYTES} bytes.
 *
 * <p>Jetty closes a connection whose request content was not all consumed, and may do so after the
 * client already took the connection back into its pool: the client's next request on it then fails
 * with an empty reply (seen as {@code header parser received no bytes} from the JDK's client). Reading
 * the rest keeps the connection reusable, as Tomcat's swallow did. Past the cap, the answer says
 * {@code Connection: close} when it still can. A request that went async (a caller waiting for its job) is left
 * alone here: {@link RequestBodies#drain} ran before it went async.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UnreadBodyDrainFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            // Not for a request gone async (a waiting caller): it was drained before it went async (RequestBodies), and another thread
            // may complete it at any moment, after which Jetty reuses the request for the connection's next one: a
            // drain from here could then read the next request's body (its client would get an empty reply).
            if (!request.isAsyncStarted() && !RequestBodies.drain(request) && !response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
        }
    }

}
