package io.darkroom.model;

import java.util.Objects;

/**
 * One provider that serves a catalog model.
 *
 * @param provider      the provider's name, for example {@code replicate}
 * @param upstreamModel the model's id at that provider, for example {@code black-forest-labs/flux-schnell}
 * @param pricing       what that provider charges for it
 */
public record ProviderRoute(String provider, String upstreamModel, Pricing pricing) {

    public ProviderRoute {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(pricing, "pricing");
    }
}
