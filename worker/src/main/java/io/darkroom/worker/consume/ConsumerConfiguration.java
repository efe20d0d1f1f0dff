package io.darkroom.worker.consume;

import io.darkroom.model.JobMessage;
import io.darkroom.model.Names;
import io.darkroom.worker.WorkerProperties;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** One listener container over the lane queues (every lane, or those configured) of the providers this worker serves. */
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
    HandOffConsumer<JobMessage> jobConsumer(JobRunner runner, JsonMapper json, ExecutorService jobExecutor) {
        return new HandOffConsumer<>(new JobConsumer(runner, json), jobExecutor);
    }

    /** Drains every hand-off consumer of this worker (jobs, webhook deliveries) before the containers stop. */
    @Bean
    InFlightDrain inFlightDrain(List<HandOffConsumer<?>> consumers, WorkerProperties properties) {
        return new InFlightDrain(consumers, properties.shutdownGrace());
    }

    @Bean
    DirectMessageListenerContainer jobListenerContainer(ConnectionFactory connectionFactory, WorkerProperties properties,
            Names names, HandOffConsumer<JobMessage> jobConsumer, ServedProviders served) {
        return jobConsumer.containerFor(connectionFactory, properties.maxInFlight(), properties.shutdownGrace(), served.names().stream()
                .flatMap(provider -> properties.servedLanes().stream().map(lane -> names.workQueue(provider, lane)))
                .toArray(String[]::new));
    }
}
