package io.darkroom.api.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Content;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads and discards what is left of a request body once the answer is written (a 401 before the body
 * was read, a 413 part-way through, a refused multipart), up to {@value #MAX_DRAIN_BYTES} bytes.
 *
 * <p>Jetty closes a connection whose request content was not all consumed, and may do so after the
 * client already took the connection back into its pool: the client's next request on it then fails
 * with an empty reply (seen as {@code header parser received no bytes} from the JDK's client). Reading
 * the rest keeps the connection reusable, as Tomcat's swallow did. Past the cap, the answer says
 * {@code Connection: close} when it still can. A request that went async (a caller waiting for its job) is left
 * alone: it read its body before it went async.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UnreadBodyDrainFilter extends OncePerRequestFilter {

    static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            // Not for a request gone async (a waiting caller): it read its body before it went async, and another thread
            // may complete it at any moment, after which Jetty reuses the request for the connection's next one: a
            // drain from here could then read the next request's body (its client would get an empty reply).
            if (!request.isAsyncStarted() && !drained(request) && !response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
        }
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    /** Whether the body was read to its end (now or before). */
    private static boolean drained(HttpServletRequest request) {
        InputStream body;
        try {
            if (isMultipart(request)) {
                // Jetty's own request, not the servlet stream: after a multipart parse gave up part-way, the servlet
                // stream says "finished" while the rest of the body is still unread on the connection
                ServletContextRequest container = ServletContextRequest.getServletContextRequest(request);
                body = container != null ? Content.Source.asInputStream(container) : request.getInputStream();
            } else {
                jakarta.servlet.ServletInputStream servletBody = request.getInputStream();
                if (servletBody.isFinished()) {
                    return true;
                }
                body = servletBody;
            }
        } catch (IllegalStateException readThroughTheReader) {
            return true;
        } catch (IOException e) {
            return false;
        }
        byte[] buffer = new byte[8192];
        long left = MAX_DRAIN_BYTES;
        try {
            while (left > 0) {
                int read = body.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return true;
                }
                left -= read;
            }
        } catch (IOException | IllegalStateException e) {
            return false;
        }
        return false;
    }
}
