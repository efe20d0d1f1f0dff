package io.darkroom.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.Lane;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WorkerPropertiesTests {

    @Test
    void workerWithoutConfiguredLanesConsumesEveryLane() {
        assertThat(bind(Map.of()).servedLanes()).containsExactly(Lane.values());
    }

    @Test
    void workerConsumesOnlyTheLanesNamedAsInQueueNames() {
        assertThat(bind(Map.of("darkroom.worker.lanes", "bulk")).servedLanes()).containsExactly(Lane.BULK);
        assertThat(bind(Map.of("darkroom.worker.lanes", "interactive,bulk")).servedLanes())
                .containsExactly(Lane.INTERACTIVE, Lane.BULK);
    }

    private static WorkerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("darkroom.worker", WorkerProperties.class);
    }
}
