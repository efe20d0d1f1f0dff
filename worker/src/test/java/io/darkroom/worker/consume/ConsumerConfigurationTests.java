package io.darkroom.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.JobMessage;
import io.darkroom.model.Names;
import io.darkroom.worker.WorkerProperties;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ConsumerConfigurationTests {

    @Test
    void workerOfOneLaneListensToThatLaneOfEveryProviderItServes() {
        assertThat(queuesOf(Map.of("darkroom.worker.providers", "local,openai", "darkroom.worker.lanes", "bulk")))
                .containsExactly("t.jobs.local.bulk", "t.jobs.openai.bulk");
    }

    @Test
    void workerWithoutLanesListensToEveryLane() {
        assertThat(queuesOf(Map.of("darkroom.worker.providers", "local")))
                .containsExactly("t.jobs.local.interactive", "t.jobs.local.bulk");
    }

    private static String[] queuesOf(Map<String, String> settings) {
        WorkerProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("darkroom.worker", WorkerProperties.class);
        CachingConnectionFactory connections = new CachingConnectionFactory();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            return new ConsumerConfiguration().jobListenerContainer(connections, properties, new Names("t"),
                    new HandOffConsumer<JobMessage>(null, executor), new ServedProviders(properties, null, null)).getQueueNames();
        } finally {
            connections.destroy();
        }
    }
}
