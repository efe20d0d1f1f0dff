package io.darkroom.worker.limits;

import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** The permits bean, its metrics, and the subscription to other workers' release announcements. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    @Bean(destroyMethod = "close")
    ProviderPermits providerPermits(StringRedisTemplate redis, Names names, LimitProperties properties, MeterRegistry meters,
            ModelCatalog catalog) {
        ProviderPermits permits = new ProviderPermits(redis, names, properties);
        permits.bindMetrics(meters, catalog.providers().stream().sorted().toList());
        return permits;
    }

    @Bean
    RequestRates requestRates(StringRedisTemplate redis, Names names) {
        return new RequestRates(redis, names);
    }

    /**
     * Other workers' release announcements wake this worker's permit waiters. Each message only signals a
     * condition, so one thread handles them all: without an executor, Spring Data Redis starts a new thread
     * per message (a {@code SimpleAsyncTaskExecutor}), one per permit released anywhere.
     */
    @Bean
    RedisMessageListenerContainer permitReleases(RedisConnectionFactory connections, ProviderPermits permits, Names names) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setTaskExecutor(java.util.concurrent.Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("permit-releases").daemon().factory()));
        container.addMessageListener((message, pattern) -> permits.releaseAnnounced(),
                new PatternTopic(names.permitsChannel("*")));
        return container;
    }
}
