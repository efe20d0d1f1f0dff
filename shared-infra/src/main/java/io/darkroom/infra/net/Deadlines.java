package io.darkroom.infra.net;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * A total deadline on one outbound request: socket timeouts only bound the gaps between bytes, so a peer
 * that drips an endless body would otherwise hold the calling thread for ever. Past the deadline the
 * request is aborted, and the call fails with an {@link IOException}.
 */
public final class Deadlines {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("http-deadlines").daemon().factory());

    private Deadlines() {
    }

    /** A call that may throw {@link IOException}. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }

    public static <T> T within(HttpUriRequestBase request, Duration limit, Call<T> call) throws IOException {
        ScheduledFuture<?> abort = TIMER.schedule(request::cancel, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return call.run();
        } catch (IOException | RuntimeException e) {
            if (request.isCancelled()) {
                throw new IOException("Aborted after the total deadline of " + limit, e);
            }
            throw e;
        } finally {
            abort.cancel(false);
        }
    }
}
