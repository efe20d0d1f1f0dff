package io.darkroom.infra.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Reading the parking queue against the real local RabbitMQ, under a namespace unique to this run: messages
 * are parked by the broker's own dead-lettering (rejected from a work queue), so their death records are real.
 */
class ParkedMessagesIntegrationTests {

    private static PrivateBroker broker;
    private static Names names;
    private static RabbitAdmin admin;
    private static RabbitTemplate rabbit;

    private final ParkedMessages parked = new ParkedMessages(rabbit, names.parkingQueue(), ParkedMessages.DEFAULT_REFRESH_AT);

    @BeforeAll
    static void connect() {
        broker = PrivateBroker.open();
        names = broker.names();
        admin = broker.admin();
        rabbit = broker.rabbit();
    }

    @AfterAll
    static void cleanUp() {
        broker.close();
    }

    @BeforeEach
    void emptyParking() {
        taken();
    }

    @Test
    void listingShowsEachMessagesJobReasonAndWhenParkedAndTakesNone() {
        Instant before = Instant.now().minusSeconds(1);
        List<String> jobs = park("job_a", "job_b", "job_c");

        ParkedMessages.Page first = parked.list(0, 10);
        ParkedMessages.Page second = parked.list(0, 10);

        assertThat(first.total()).isEqualTo(3);
        assertThat(first.messages()).extracting(ParkedMessage::jobId).containsExactlyElementsOf(jobs);
        assertThat(second.messages()).as("read again, in the same order").extracting(ParkedMessage::jobId).containsExactlyElementsOf(jobs);
        ParkedMessage head = first.messages().getFirst();
        assertThat(head.reason()).isEqualTo("rejected");
        assertThat(head.queue()).isEqualTo(names.workQueue("local", Lane.INTERACTIVE));
        assertThat(head.routingKey()).isEqualTo(names.workRoutingKey("local", Lane.INTERACTIVE));
        assertThat(head.parkedAt()).isAfter(before).isBefore(Instant.now().plusSeconds(1));
        assertThat(taken()).as("every message is still parked, for replay").containsExactlyElementsOf(jobs);
    }

    @Test
    void pagesFollowQueueOrderFromTheOffset() {
        List<String> jobs = park("job_1", "job_2", "job_3", "job_4");

        ParkedMessages.Page page = parked.list(1, 2);

        assertThat(page.messages()).extracting(ParkedMessage::jobId).containsExactly(jobs.get(1), jobs.get(2));
        assertThat(page.messages()).extracting(ParkedMessage::position).containsExactly(1, 2);
        assertThat(page.total()).isEqualTo(4);
        assertThat(parked.list(3, 5).messages()).extracting(ParkedMessage::jobId).containsExactly(jobs.get(3));
    }

    @Test
    void inspectingOneShowsItsBodyAndDeathHeadersAndLeavesItParked() {
        List<String> jobs = park("job_x", "job_y");

        ParkedMessage found = parked.find(jobs.get(1)).orElseThrow();

        assertThat(found.body()).isEqualTo("{not json " + jobs.get(1));
        assertThat(found.deaths()).singleElement().satisfies(death -> {
            assertThat(death.reason()).isEqualTo("rejected");
            assertThat(death.count()).isEqualTo(1);
        });
        assertThat(found.headers()).containsKey("x-death");
        assertThat(parked.find("job_nobody")).isEmpty();
        assertThat(taken()).containsExactlyElementsOf(jobs);
    }

    @Test
    void readingOftenNeverPushesAMessageOverItsQueuesDeliveryLimit() {
        String limited = names.parkingQueue() + ".limited";
        admin.declareQueue(QueueBuilder.durable(limited).quorum().deliveryLimit(3).build());
        try {
            rabbit.convertAndSend("", limited, "keep me", message -> {
                message.getMessageProperties().setMessageId("job_kept");
                return message;
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> rabbit.execute(channel -> channel.messageCount(limited)) == 1);
            ParkedMessages readings = new ParkedMessages(rabbit, limited, 2);

            for (int read = 0; read < 10; read++) {
                assertThat(readings.list(0, 10).messages()).as("read " + read).extracting(ParkedMessage::jobId).containsExactly("job_kept");
            }

            Message kept = rabbit.receive(limited, 2_000);
            assertThat(kept).isNotNull();
            assertThat(new String(kept.getBody(), StandardCharsets.UTF_8)).isEqualTo("keep me");
        } finally {
            admin.deleteQueue(limited);
        }
    }

    /** Parks one message per job by the broker's own dead-lettering (rejected without requeue), in order. */
    private List<String> park(String... prefixes) {
        List<String> jobs = java.util.Arrays.stream(prefixes).map(prefix -> prefix + "_" + UUID.randomUUID().toString().substring(0, 6)).toList();
        String work = names.workQueue("local", Lane.INTERACTIVE);
        for (int parkedSoFar = 0; parkedSoFar < jobs.size(); parkedSoFar++) {
            String job = jobs.get(parkedSoFar);
            long expected = parkedSoFar + 1;
            rabbit.send(names.jobsExchange(), names.workRoutingKey("local", Lane.INTERACTIVE), MessageBuilder
                    .withBody(("{not json " + job).getBytes(StandardCharsets.UTF_8)).setMessageId(job)
                    .setDeliveryMode(MessageDeliveryMode.PERSISTENT).build());
            await().atMost(Duration.ofSeconds(5)).until(() -> rabbit.execute(channel -> {
                com.rabbitmq.client.GetResponse response = channel.basicGet(work, false);
                if (response != null) {
                    channel.basicReject(response.getEnvelope().getDeliveryTag(), false);
                }
                return response != null;
            }));
            await().atMost(Duration.ofSeconds(5)).until(() -> rabbit.execute(channel -> channel.messageCount(names.parkingQueue())) == expected);
        }
        return jobs;
    }

    /** Takes every parked message off the queue, returning their job ids in order. */
    private List<String> taken() {
        List<String> jobs = new java.util.ArrayList<>();
        for (Message message; (message = rabbit.receive(names.parkingQueue())) != null; ) {
            jobs.add(message.getMessageProperties().getMessageId());
        }
        return jobs;
    }
}
