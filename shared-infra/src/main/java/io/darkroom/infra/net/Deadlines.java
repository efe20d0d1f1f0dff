package io.darkroom.infra.net;

import io.darkroom.infra.Timeouts;
import io.netty.util.Timeout;
import java.io.IOException;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * A total deadline on one outbound request: socket timeouts only bound the gaps between bytes, so a peer
 * that drips an endless body would otherwise hold the calling thread for ever. Past the deadline the
 * request is aborted, and the call fails with an {@link IOException}.
 */
public final class Deadlines {

    private Deadlines() {
    }

    /** A call that may throw {@link IOException}. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    public static <T> T within(HttpUriRequestBase request, Duration limit, Call<T> call) throws IOException {
        Timeout abort = Timeouts.after(limit, request::cancel);
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            if (request.isCancelled()) {
                throw new IOException("Aborted after the total deadline of " + limit, e);
            }
            throw e;
        } finally {
            abort.cancel();
        }
    }
}
