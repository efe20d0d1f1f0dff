package io.darkroom.infra;

import io.darkroom.infra.images.RedisImageStore;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.BrokerTopology;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import tools.jackson.databind.json.JsonMapper;

/** The beans api and worker share; each application imports this class. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DarkroomProperties.class, io.darkroom.infra.webhooks.WebhookProperties.class})
@PropertySource("classpath:darkroom-infra.properties")
public class InfraConfiguration {

    static {
        // Every image Darkroom decodes or encodes is already in memory: ImageIO's default stream cache would
        // write each one to a temporary file and delete it again (two files and a dozen syscalls per job).
        javax.imageio.ImageIO.setUseCache(false);
    }

    @Bean
    Names names(DarkroomProperties properties) {
        return new Names(properties.namespace());
    }

    @Bean
    ModelCatalog modelCatalog() {
        return ModelCatalog.builtIn();
    }

    @Bean
    io.darkroom.infra.providers.ProviderAdvertisements providerAdvertisements(StringRedisTemplate redis, Names names) {
        return new io.darkroom.infra.providers.ProviderAdvertisements(redis, names);
    }

    @Bean
    RedisJobStore jobStore(StringRedisTemplate redis, Names names, JsonMapper json, DarkroomProperties properties) {
        return new RedisJobStore(redis, names, json, properties.jobRetention(), properties.jobLease());
    }

    @Bean
    RedisImageStore imageStore(RedisConnectionFactory connectionFactory, Names names, DarkroomProperties properties) {
        RedisTemplate<String, byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.setKeySerializer(RedisSerializer.string());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return new RedisImageStore(template, names, properties.imageTtl());
    }

    @Bean
    Declarables brokerTopology(Names names, ModelCatalog catalog, DarkroomProperties properties) {
        return new BrokerTopology(names, properties.deliveryLimit()).declarablesFor(catalog);
    }

    @Bean
    io.darkroom.infra.webhooks.WebhookStore webhookStore(StringRedisTemplate redis, Names names) {
        return new io.darkroom.infra.webhooks.WebhookStore(redis, names);
    }

    @Bean
    io.darkroom.infra.webhooks.DeliveryLog deliveryLog(StringRedisTemplate redis, Names names, JsonMapper json,
            DarkroomProperties properties) {
        return new io.darkroom.infra.webhooks.DeliveryLog(redis, names, json, properties.jobRetention());
    }

    @Bean
    io.darkroom.infra.webhooks.WebhookTrigger webhookTrigger(JobPublisher publisher) {
        return new io.darkroom.infra.webhooks.WebhookTrigger(publisher);
    }

    @Bean
    io.darkroom.infra.lifecycle.JobLifecycle jobLifecycle(RedisJobStore jobs, JobPublisher publisher) {
        return new io.darkroom.infra.lifecycle.JobLifecycle(jobs, publisher);
    }

    @Bean
    JobPublisher jobPublisher(RabbitTemplate rabbit, Names names, JsonMapper json, DarkroomProperties properties) {
        return new JobPublisher(rabbit, names, json, properties.publishTimeout());
    }
}
