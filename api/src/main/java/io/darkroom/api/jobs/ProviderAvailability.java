package io.darkroom.api.jobs;

import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.providers.CircuitStates;
import io.darkroom.infra.providers.ProviderDirectory;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.Routing;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Which providers can take work now: configured here (a key is set) and with a closed circuit (as the
 * workers report through Redis). Picks the provider a new job is queued for.
 */
@Component
public class ProviderAvailability {

    private final ProviderDirectory directory;
    private final CircuitStates circuits;

    ProviderAvailability(ProviderDirectory directory, CircuitStates circuits) {
        this.directory = directory;
        this.circuits = circuits;
    }

    public boolean configured(String provider) {
        return directory.isEnabled(provider);
    }

    public boolean usable(String provider) {
        return configured(provider) && !circuits.isOpen(provider);
    }

    public boolean circuitOpen(String provider) {
        return circuits.isOpen(provider);
    }

    /** Whether any provider of the model can take work now. */
    public boolean available(ModelSpec model) {
        return model.routes().stream().anyMatch(route -> usable(route.provider()));
    }

    /**
     * The first usable provider of the request's routing order.
     *
     * @throws ApiException 400 {@code model_not_available} when no provider of the model is configured here,
     *                      503 {@code provider_unavailable} when all configured ones have open circuits
     */
    String firstProvider(ModelSpec model, ImageRequest request) {
        String provider = Routing.next(model, request.provider(), Set.of(), this::usable);
        if (provider != null) {
            return provider;
        }
        boolean anyConfigured = Routing.order(model, request.provider()).stream().anyMatch(this::configured);
        if (anyConfigured) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "model", "provider_unavailable",
                    "Every provider that serves " + model.id() + " is failing right now; please retry later.");
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "model", "model_not_available",
                "No provider of " + model.id() + " is configured on this Darkroom (GET /v1/models shows which are available).");
    }
}
