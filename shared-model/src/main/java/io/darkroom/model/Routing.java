package io.darkroom.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The order in which providers are tried for a request: the request's {@code provider.order} first
 * (those that serve the model), then, unless {@code allow_fallbacks} is false, the model's other routes
 * in their default order.
 */
public final class Routing {

    private Routing() {
    }

    public static List<String> order(ModelSpec model, ProviderPreference preference) {
        Set<String> order = new LinkedHashSet<>();
        List<String> served = model.routes().stream().map(ProviderRoute::provider).toList();
        if (preference != null) {
            preference.order().stream().filter(served::contains).forEach(order::add);
        }
        boolean fallbacks = preference == null || preference.allowFallbacks() == null || preference.allowFallbacks();
        if (fallbacks || order.isEmpty() && preference.order().isEmpty()) {
            order.addAll(served);
        }
        return new ArrayList<>(order);
    }

    /**
     * The first provider of the order not yet tried that {@code usable} accepts (configured, circuit
     * closed), or null when none is left.
     */
    public static String next(ModelSpec model, ProviderPreference preference, Set<String> tried, Predicate<String> usable) {
        return order(model, preference).stream().filter(provider -> !tried.contains(provider)).filter(usable)
                .findFirst().orElse(null);
    }
}
