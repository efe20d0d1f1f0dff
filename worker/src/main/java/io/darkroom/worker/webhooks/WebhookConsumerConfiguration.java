package io.darkroom.worker.webhooks;

import io.darkroom.infra.webhooks.WebhookMessage;
import io.darkroom.infra.webhooks.WebhookProperties;
import io.darkroom.model.Names;
import io.darkroom.worker.WorkerProperties;
import io.darkroom.worker.consume.HandOffConsumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One consumer of the webhooks queue per worker, with {@code darkroom.webhooks.consumers} deliveries in flight
 * (the prefetch), each on its own virtual thread.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConsumerConfiguration {

    @Bean(destroyMethod = "close")
    ExecutorService webhookExecutor() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-", 0).factory());
    }

    @Bean
    HandOffConsumer<WebhookMessage> webhookConsumer(WebhookDispatcher dispatcher, ExecutorService webhookExecutor) {
        return new HandOffConsumer<>(dispatcher, webhookExecutor);
    }

    @Bean
    DirectMessageListenerContainer webhookListenerContainer(ConnectionFactory connectionFactory, Names names, WorkerProperties worker,
            HandOffConsumer<WebhookMessage> webhookConsumer, WebhookProperties webhooks) {
        return webhookConsumer.containerFor(connectionFactory, webhooks.consumers(), worker.shutdownGrace(), names.webhooksQueue());
    }
}
