package io.darkroom.api.jobs;

import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.providers.ProviderAdvertisements;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.ProviderPreference;
import io.darkroom.model.Routing;
import io.darkroom.model.ValidatedImageRequest;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which providers can take work now, as the workers advertise them with their heartbeats: served by some
 * worker (one restarting counts), and not failing on every live worker that serves it (its circuit, the
 * workers' one judgement of a provider's health). The api holds no provider setting nor key. The view is
 * read from Redis once a second, off the request path, and again at once (at most every
 * {@value #MISS_REFRESH_MS} ms) when a request names a provider the view does not know, so a worker that
 * just started is seen at once. Picks the provider a new job is queued for.
 */
@Component
public class ProviderAvailability {

    private static final Logger log = LoggerFactory.getLogger(ProviderAvailability.class);
    static final long MISS_REFRESH_MS = 200;

    private final ProviderAdvertisements advertisements;
    private volatile ProviderAdvertisements.Snapshot view = ProviderAdvertisements.Snapshot.EMPTY;
    private volatile long readAt;

    ProviderAvailability(ProviderAdvertisements advertisements) {
        this.advertisements = advertisements;
    }

    /** Re-reads the workers' advertisements. */
    @Scheduled(fixedDelayString = "${darkroom.api.providers-refresh:1s}")
    void refresh() {
        try {
            view = advertisements.read();
            readAt = System.nanoTime();
        } catch (DataAccessException e) {
            log.warn("Could not read the workers' provider advertisements; keeping the last view ({})", e.getMessage());
        }
    }

    /** Whether some worker serves {@code provider} (work for it is consumed). */
    public boolean configured(String provider) {
        if (!view.serves(provider) && System.nanoTime() - readAt > MISS_REFRESH_MS * 1_000_000) {
            refresh();
        }
        return view.serves(provider);
    }

    public boolean usable(String provider) {
        return configured(provider) && !view.circuitOpen(provider);
    }

    public boolean circuitOpen(String provider) {
        return view.circuitOpen(provider);
    }

    /** Whether any provider of the model can take work now. */
    public boolean available(ModelSpec model) {
        return model.routes().stream().anyMatch(route -> usable(route.provider()));
    }

    /**
     * The first usable provider of the request's routing order.
     *
     * @throws ApiException 400 {@code model_not_available} when no worker serves a provider of the model,
     *                      503 {@code provider_unavailable} when every one served is failing right now
     */
    String firstProvider(ModelSpec model, ValidatedImageRequest request) {
        ProviderPreference preference = request.provider().orElse(null);
        String provider = Routing.next(model, preference, Set.of(), this::usable);
        if (provider != null) {
            return provider;
        }
        boolean anyConfigured = Routing.order(model, preference).stream().anyMatch(this::configured);
        if (anyConfigured) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "model", "provider_unavailable",
                    "Every provider that serves " + model.id() + " is failing right now; please retry later.");
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "model", "model_not_available",
                "No worker of this Darkroom serves a provider of " + model.id() + " (GET /v1/models shows which are available).");
    }
}
