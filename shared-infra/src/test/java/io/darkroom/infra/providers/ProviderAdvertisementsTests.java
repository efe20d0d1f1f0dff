package io.darkroom.infra.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.infra.providers.ProviderAdvertisements.Advertised;
import io.darkroom.infra.providers.ProviderAdvertisements.Health;
import io.darkroom.infra.providers.ProviderAdvertisements.Limits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderAdvertisementsTests {

    @Test
    void anAdvertisementCarriesEachProvidersCircuitAndLimitsAndReadsBackTheSame() {
        Map<String, Advertised> advertised = new LinkedHashMap<>();
        advertised.put("openai", new Advertised(Health.UP, new Limits(8, 500)));
        advertised.put("local", new Advertised(Health.OPEN, new Limits(4, 0)));

        String encoded = ProviderAdvertisements.encodeAdvertised(advertised);

        assertThat(encoded).isEqualTo("openai=up,local=open,openai@8/500,local@4/0");
        assertThat(ProviderAdvertisements.decode(encoded)).containsExactlyEntriesOf(advertised);
    }

    @Test
    void anAdvertisementWithoutLimitsFromAnOlderWorkerReadsWithItsCircuitsAndNoLimits() {
        Map<String, Advertised> decoded = ProviderAdvertisements.decode("openai=open,local=up");

        assertThat(decoded).containsExactly(Map.entry("openai", new Advertised(Health.OPEN, null)),
                Map.entry("local", new Advertised(Health.UP, null)));
        assertThat(ProviderAdvertisements.encode(new LinkedHashMap<>(Map.of("openai", Health.OPEN)))).isEqualTo("openai=open");
    }

    @Test
    void aReaderThatPredatesLimitsStillReadsEveryCircuitOfTheNewFormatRight() {
        String encoded = ProviderAdvertisements.encodeAdvertised(Map.of("openai", new Advertised(Health.OPEN, new Limits(8, 500))));

        assertThat(oldDecode(encoded)).as("the old reader skips entries without '='").containsExactly(Map.entry("openai", Health.OPEN));
    }

    @Test
    void limitsItCannotReadAreSkippedAndNothingElseIsLost() {
        Map<String, Advertised> decoded = ProviderAdvertisements.decode("openai=up,openai@many/500,local@4/0,,future-thing");

        assertThat(decoded).containsExactly(Map.entry("openai", new Advertised(Health.UP, null)));
        assertThat(ProviderAdvertisements.decode("")).isEmpty();
    }

    @Test
    void theSnapshotJudgesAProviderOpenOnlyWhenEveryLiveWorkerServingItHasItOpen() {
        var open = new ProviderAdvertisements.WorkerAdvertisement("worker_a", true, Map.of("openai", new Advertised(Health.OPEN, null)));
        var up = new ProviderAdvertisements.WorkerAdvertisement("worker_b", true, Map.of("openai", new Advertised(Health.UP, null)));
        var silentUp = new ProviderAdvertisements.WorkerAdvertisement("worker_c", false, Map.of("openai", new Advertised(Health.UP, null)));

        assertThat(ProviderAdvertisements.Snapshot.of(List.of(open, up)).circuitOpen("openai")).isFalse();
        assertThat(ProviderAdvertisements.Snapshot.of(List.of(open, silentUp)).circuitOpen("openai")).isTrue();
        assertThat(ProviderAdvertisements.Snapshot.of(List.of(silentUp)).serves("openai")).isTrue();
    }

    /** How a reader before decision 035 decoded an advertisement. */
    private static Map<String, Health> oldDecode(String advertisement) {
        Map<String, Health> providers = new LinkedHashMap<>();
        for (String entry : advertisement.split(",")) {
            String[] pair = entry.split("=", 2);
            if (pair.length == 2 && !pair[0].isBlank()) {
                providers.put(pair[0], "open".equals(pair[1]) ? Health.OPEN : Health.UP);
            }
        }
        return providers;
    }
}
