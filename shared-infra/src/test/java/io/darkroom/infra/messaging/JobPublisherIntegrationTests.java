package io.darkroom.infra.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Confirmed publishing against the real local RabbitMQ, under a namespace unique to this run. */
class JobPublisherIntegrationTests {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    private static PrivateBroker broker;
    private static Names names;
    private static RabbitTemplate rabbit;
    private static JobPublisher publisher;

    @BeforeAll
    static void connect() {
        broker = PrivateBroker.open();
        names = broker.names();
        rabbit = broker.rabbit();
        JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        publisher = new JobPublisher(rabbit, names, json, Duration.ofSeconds(5));
    }

    @AfterAll
    static void cleanUp() {
        broker.close();
    }

    @Test
    void confirmedJobIsOnItsProvidersLaneQueueAsAPersistentThinMessage() {
        Job job = aJob(CATALOG.find("local/fast").orElseThrow(), Lane.BULK);

        publisher.publish(job);

        Message message = rabbit.receive(names.workQueue("local", Lane.BULK), 5_000);
        assertThat(message).isNotNull();
        assertThat(new String(message.getBody())).isEqualTo("{\"job_id\":\"" + job.id() + "\",\"model\":\"local/fast\"}");
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo(job.id());
        assertThat(message.getMessageProperties().getReceivedDeliveryMode())
                .isEqualTo(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
    }

    @Test
    void publishToAProviderWithNoQueueFailsAsUnroutable() {
        ModelSpec nowhere = new ModelSpec("nowhere/model", "no queue",
                List.of(new io.darkroom.model.ProviderRoute("nowhere", "model", io.darkroom.model.Pricing.free())),
                List.of(new io.darkroom.model.ImageSize(1, 1)), 1, 10, List.of("standard"), List.of(), java.util.Set.of(), 0, false);

        Job job = aJob(nowhere, Lane.INTERACTIVE);

        assertThatThrownBy(() -> publisher.publish(job))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining(job.id())
                .hasMessageContaining("unroutable");
    }

    private static Job aJob(ModelSpec model, Lane lane) {
        return Job.queued(Ids.newJobId(), "key_test", model, model.provider(), lane,
                new ModelCatalog(List.of(model)).validate(ImageRequest.of(model.id(), "x")));
    }
}
