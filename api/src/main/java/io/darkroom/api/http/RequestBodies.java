package io.darkroom.api.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Content;

/**
 * The rest of a request body, read and discarded so that Jetty keeps the connection: Jetty closes a connection
 * whose request content was not all consumed, possibly after the client took it back into its pool, and the
 * client's next request on it then gets an empty reply.
 */
public final class RequestBodies {

    /** The most that is read to keep a connection; past it the connection is given up. */
    public static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private RequestBodies() {
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    /**
     * Reads what is left of the request's body, up to {@value #MAX_DRAIN_BYTES} bytes, and says whether it was read
     * to its end (now or before). Call it on the request's own thread, before the request goes async: afterwards
     * another thread may complete it and Jetty reuse it for the connection's next request.
     */
    public static boolean drain(HttpServletRequest request) {
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
