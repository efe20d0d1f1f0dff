package io.darkroom.model;

import java.util.List;

/**
 * Darkroom extension {@code provider}: which providers may serve a request, in order.
 *
 * @param order          provider names to try, first first; null or empty for the model's own order
 * @param allowFallbacks whether providers of the model's order not named here may be tried after them
 *                       (default true)
 */
public record ProviderPreference(List<String> order, Boolean allowFallbacks) {

    public ProviderPreference {
        order = order == null ? List.of() : List.copyOf(order);
    }
}
