package io.darkroom.worker.consume;

import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import io.darkroom.worker.WorkerProperties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** One listener container over every lane queue of the providers this worker serves. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    @Bean(destroyMethod = "close")
    ExecutorService jobExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-", 0).factory());
    }

    @Bean
    io.darkroom.infra.jobs.WorkerHeartbeats workerHeartbeats(org.springframework.data.redis.core.StringRedisTemplate redis, Names names) {
        return new io.darkroom.infra.jobs.WorkerHeartbeats(redis, names);
    }

    @Bean
    JobConsumer jobConsumer(JobRunner runner, JsonMapper json, ExecutorService jobExecutor) {
        return new JobConsumer(runner, json, jobExecutor);
    }

    @Bean
    InFlightDrain inFlightDrain(JobConsumer jobConsumer, WorkerProperties properties) {
        return new InFlightDrain(jobConsumer, properties.shutdownGrace());
    }

    @Bean
    DirectMessageListenerContainer jobListenerContainer(ConnectionFactory connectionFactory, WorkerProperties properties,
            Names names, JobConsumer jobConsumer, ServedProviders served) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(served.names().stream()
                .flatMap(provider -> java.util.Arrays.stream(Lane.values()).map(lane -> names.workQueue(provider, lane)))
                .toArray(String[]::new));
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(properties.maxInFlight());
        container.setConsumersPerQueue(1);
        container.setShutdownTimeout(properties.shutdownGrace().toMillis());
        container.setMessageListener(jobConsumer);
        container.setPhase(InFlightDrain.PHASE - 1);
        return container;
    }
}
