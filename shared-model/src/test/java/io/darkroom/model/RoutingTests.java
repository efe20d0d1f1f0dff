package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTests {

    private final ModelSpec schnell = ModelCatalog.builtIn().find("flux/schnell").orElseThrow();

    @Test
    void withoutPreferenceTheModelsDefaultOrderApplies() {
        assertThat(Routing.order(schnell, null)).containsExactly("replicate", "fal");
    }

    @Test
    void requestOrderComesFirstThenTheRestWhenFallbacksAreAllowed() {
        assertThat(Routing.order(schnell, new ProviderPreference(List.of("fal"), null))).containsExactly("fal", "replicate");
        assertThat(Routing.order(schnell, new ProviderPreference(List.of("fal"), false))).containsExactly("fal");
    }

    @Test
    void providersThatDoNotServeTheModelAreLeftOut() {
        assertThat(Routing.order(schnell, new ProviderPreference(List.of("openai", "fal"), false))).containsExactly("fal");
        assertThat(Routing.order(schnell, new ProviderPreference(List.of("openai"), false))).isEmpty();
    }

    @Test
    void nextSkipsTriedAndUnusableProviders() {
        assertThat(Routing.next(schnell, null, Set.of(), provider -> true)).isEqualTo("replicate");
        assertThat(Routing.next(schnell, null, Set.of("replicate"), provider -> true)).isEqualTo("fal");
        assertThat(Routing.next(schnell, null, Set.of(), provider -> !provider.equals("replicate"))).isEqualTo("fal");
        assertThat(Routing.next(schnell, null, Set.of("replicate", "fal"), provider -> true)).isNull();
    }
}
