package io.darkroom.infra.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.BrokerTopology;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.infra.messaging.PublishFailedException;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobResult;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.darkroom.model.ValidatedImageRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lifecycle on the real local Redis and RabbitMQ, under a namespace unique to this run: a final move
 * records its event in the same script, and the relay turns it into exactly one confirmed event.
 */
class JobLifecycleIntegrationTests {

    private static final Names NAMES = new Names("it-" + UUID.randomUUID().toString().substring(0, 8));
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static LettuceConnectionFactory redisConnections;
    private static StringRedisTemplate redis;
    private static CachingConnectionFactory rabbitConnections;
    private static RabbitAdmin admin;
    private static RabbitTemplate rabbit;
    private static RedisJobStore jobs;
    private static JobLifecycle lifecycle;
    private static String allEvents;

    @BeforeAll
    static void connect() {
        redisConnections = new LettuceConnectionFactory("127.0.0.1", 6379);
        redisConnections.afterPropertiesSet();
        redisConnections.start();
        redis = new StringRedisTemplate(redisConnections);
        jobs = new RedisJobStore(redis, NAMES, JSON, Duration.ofMinutes(10), Duration.ofSeconds(30));
        rabbitConnections = new CachingConnectionFactory("127.0.0.1", 5672);
        rabbitConnections.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        rabbitConnections.setPublisherReturns(true);
        rabbit = new RabbitTemplate(rabbitConnections);
        rabbit.setMandatory(true);
        admin = new RabbitAdmin(rabbitConnections);
        new BrokerTopology(NAMES, 5).declarablesFor(CATALOG).getDeclarables().forEach(declarable -> {
            switch (declarable) {
                case Queue queue -> admin.declareQueue(queue);
                case org.springframework.amqp.core.Exchange exchange -> admin.declareExchange(exchange);
                case org.springframework.amqp.core.Binding binding -> admin.declareBinding(binding);
                default -> throw new IllegalStateException("Unexpected " + declarable);
            }
        });
        allEvents = admin.declareQueue(new Queue(NAMES.eventsExchange() + ".test", false, false, false));
        admin.declareBinding(BindingBuilder.bind(new Queue(allEvents)).to(new TopicExchange(NAMES.eventsExchange()))
                .with(NAMES.finalEventsPattern()));
        lifecycle = new JobLifecycle(jobs, new JobPublisher(rabbit, NAMES, JSON, Duration.ofSeconds(5)));
    }

    @AfterAll
    static void cleanUp() {
        admin.deleteQueue(allEvents);
        new BrokerTopology(NAMES, 5).declarablesFor(CATALOG).getDeclarables().forEach(declarable -> {
            if (declarable instanceof Queue queue) {
                admin.deleteQueue(queue.getName());
            } else if (declarable instanceof org.springframework.amqp.core.Exchange exchange) {
                admin.deleteExchange(exchange.getName());
            }
        });
        rabbitConnections.destroy();
        try (var keys = redis.scan(ScanOptions.scanOptions().match(NAMES.allKeysPattern()).build())) {
            keys.forEachRemaining(redis::delete);
        }
        redisConnections.destroy();
    }

    @Test
    void succeededJobSendsOneConfirmedEventAndLeavesNothingInTheOutbox() {
        Job job = claimedJob("key_plain", null);

        assertThat(lifecycle.succeed(job.id(), "claim", "local", aResult(), anAttempt()).applied()).isTrue();

        Message event = nextEvent();
        assertThat(event.getMessageProperties().getReceivedRoutingKey()).isEqualTo("job.succeeded.plain");
        io.darkroom.model.JobEvent sent = JSON.readValue(event.getBody(), io.darkroom.model.JobEvent.class);
        assertThat(sent.jobId()).isEqualTo(job.id());
        assertThat(sent.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(sent.job()).as("the final state rides along, without the claim token")
                .containsEntry("status", "succeeded").containsKeys("finished_at", "result").doesNotContainKey("claim");
        assertThat(jobs.fromHash(sent.job())).as("the job a waiter answers with, as Redis has it")
                .isEqualTo(jobs.find(job.id()).orElseThrow());
        assertThat(event.getMessageProperties().getReceivedDeliveryMode())
                .isEqualTo(org.springframework.amqp.core.MessageDeliveryMode.PERSISTENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForZSet().size(NAMES.outboxKey()) == 0);
        assertThat(rabbit.receive(allEvents, 300)).as("no second event").isNull();
        assertThat(jobs.attemptsOf(job.id())).as("the attempt is stored with the result")
                .extracting(io.darkroom.model.Attempt::outcome).containsExactly("succeeded");
        assertThat(redis.getExpire(NAMES.attemptsKey(job.id()))).as("and lives as long as the job").isBetween(590L, 600L);
    }

    @Test
    void ofRacingFinalWritersOnlyTheWinnerSendsAnEvent() throws Exception {
        Job job = claimedJob("key_race", null);
        List<Callable<Boolean>> writers = new ArrayList<>();
        writers.add(() -> lifecycle.succeed(job.id(), "claim", "local", aResult(), anAttempt()).applied());
        writers.add(() -> lifecycle.fail(job.id(), "claim", new JobError("boom", "failed")).applied());
        writers.add(() -> lifecycle.cancel(job.id(), new JobError("canceled", "by its owner")).applied());
        writers.add(() -> lifecycle.failUnclaimed(job.id(), new JobError("dead", "parked")).applied());
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        long winners;
        try {
            winners = pool.invokeAll(writers).stream().filter(future -> {
                try {
                    return future.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).count();
        } finally {
            pool.shutdown();
        }

        assertThat(winners).isEqualTo(1);
        Message event = nextEvent();
        assertThat(event.getMessageProperties().getReceivedRoutingKey())
                .isEqualTo("job." + jobs.statusOf(job.id()).orElseThrow().wireName() + ".plain");
        assertThat(rabbit.receive(allEvents, 500)).as("the losers sent nothing").isNull();
    }

    @Test
    void eventOfAJobWithAWebhookUrlOrOfAnOwnerWithEndpointsGoesToTheWebhooksQueueToo() {
        Job withUrl = claimedJob("key_url", "https://hooks.example.com/darkroom");
        redis.opsForSet().add(NAMES.webhookEndpointsOf("key_endpoints"), "wh_1");
        Job ofOwnerWithEndpoints = claimedJob("key_endpoints", null);

        lifecycle.succeed(withUrl.id(), "claim", "local", aResult(), anAttempt());
        lifecycle.fail(ofOwnerWithEndpoints.id(), "claim", new JobError("boom", "failed"));

        assertThat(List.of(nextEvent(), nextEvent())).extracting(message -> message.getMessageProperties().getReceivedRoutingKey())
                .containsExactlyInAnyOrder("job.succeeded.hooked", "job.failed.hooked");
        Message first = rabbit.receive(NAMES.webhooksQueue(), 5_000);
        Message second = rabbit.receive(NAMES.webhooksQueue(), 5_000);
        assertThat(List.of(new String(first.getBody()), new String(second.getBody())))
                .anyMatch(body -> body.contains(withUrl.id())).anyMatch(body -> body.contains(ofOwnerWithEndpoints.id()));
    }

    @Test
    void eventTheBrokerCouldNotTakeStaysInTheOutboxUntilTheSweeperRelaysIt() {
        CachingConnectionFactory unreachable = new CachingConnectionFactory("127.0.0.1", 1);
        unreachable.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        JobLifecycle cutOff = new JobLifecycle(jobs, new JobPublisher(new RabbitTemplate(unreachable), NAMES, JSON, Duration.ofSeconds(1)));
        Job job = claimedJob("key_outbox", null);
        try {
            assertThat(cutOff.succeed(job.id(), "claim", "local", aResult(), anAttempt()).applied()).as("the state is stored").isTrue();
        } finally {
            unreachable.destroy();
        }
        assertThat(jobs.statusOf(job.id())).contains(JobStatus.SUCCEEDED);
        assertThat(rabbit.receive(allEvents, 300)).isNull();
        List<String> left = jobs.outboxOlderThan(Duration.ZERO, 10);
        assertThat(left).contains(job.id() + " succeeded plain");

        left.forEach(lifecycle::relayOutboxEntry);

        assertThat(nextEvent().getMessageProperties().getReceivedRoutingKey()).isEqualTo("job.succeeded.plain");
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.opsForZSet().range(NAMES.outboxKey(), 0, -1).contains(job.id() + " succeeded plain"));
    }

    @Test
    void jobRunningPastItsMaximumRunTimeFailsWithAClearCodeAndItsHolderLosesTheClaim() {
        Job job = lifecycle.submit(aJob("key_overrun", null));
        assertThat(lifecycle.claim(job.id(), "slow", false, "", Duration.ofMillis(200)).outcome().applied()).isTrue();
        assertThat(jobs.overrunning(10)).doesNotContain(job.id());

        await().atMost(Duration.ofSeconds(5)).until(() -> jobs.overrunning(10).contains(job.id()));
        lifecycle.failOverrun(job.id());

        Job failed = jobs.find(job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("max_run_time_exceeded");
        assertThat(lifecycle.renewLease(job.id(), "slow")).as("the holder's renewal fails, so it stops").isFalse();
        assertThat(lifecycle.succeed(job.id(), "slow", "local", aResult(), anAttempt()).applied()).as("its late result is discarded").isFalse();
        assertThat(jobs.overrunning(10)).doesNotContain(job.id());
        assertThat(nextEvent().getMessageProperties().getReceivedRoutingKey()).isEqualTo("job.failed.plain");
    }

    @Test
    void jobTheBrokerDidNotAcceptIsFailedAsQueueUnavailableAndItsEventLeftToTheSweeper() {
        Job unroutable = Job.queued(Ids.newJobId(), "key_unroutable", CATALOG.find("local/fast").orElseThrow(), "no-such-provider",
                Lane.INTERACTIVE, CATALOG.validate(ImageRequest.of("local/fast", "a test")));

        assertThatThrownBy(() -> lifecycle.submit(unroutable)).isInstanceOf(PublishFailedException.class);

        assertThat(jobs.find(unroutable.id()).orElseThrow().error().code()).isEqualTo("queue_unavailable");
        assertThat(rabbit.receive(allEvents, 300)).as("not sent to the broker that just failed").isNull();
        String entry = unroutable.id() + " failed plain";
        assertThat(jobs.outboxOlderThan(Duration.ZERO, 100)).contains(entry);

        lifecycle.relayOutboxEntry(entry);

        assertThat(nextEvent().getMessageProperties().getReceivedRoutingKey()).isEqualTo("job.failed.plain");
    }

    @Test
    void claimReturnsTheRunningJobAndItsAttemptsInOneRoundTrip() {
        Job job = lifecycle.submit(aJob("key_claim", null));
        jobs.recordAttempt(job.id(), new io.darkroom.model.Attempt(1, "local", "retry", "timeout", "slow", 10, java.time.Instant.now(), null));

        RedisJobStore.Claim claim = lifecycle.claim(job.id(), "c1", false, "", Duration.ofMinutes(1));

        assertThat(claim.job().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(claim.job().attempts()).isEqualTo(1);
        assertThat(claim.job().request()).isEqualTo(job.request());
        assertThat(claim.attempts()).extracting(io.darkroom.model.Attempt::errorCode).containsExactly("timeout");
        assertThat(lifecycle.claim(job.id(), "c2", false, "", Duration.ofMinutes(1)).job()).as("a duplicate gets nothing").isNull();
    }

    private static Job claimedJob(String owner, String webhookUrl) {
        Job job = lifecycle.submit(aJob(owner, webhookUrl));
        assertThat(lifecycle.claim(job.id(), "claim", false, "", Duration.ofMinutes(5)).outcome().applied()).isTrue();
        return job;
    }

    private static Job aJob(String owner, String webhookUrl) {
        ValidatedImageRequest request = CATALOG.validate(ImageRequest.builder().model("local/fast").prompt("a test")
                .webhookUrl(webhookUrl).build());
        return Job.queued(Ids.newJobId(), owner, CATALOG.find("local/fast").orElseThrow(), "local", Lane.INTERACTIVE, request);
    }

    private static Message nextEvent() {
        Message event = rabbit.receive(allEvents, 5_000);
        assertThat(event).as("an event within 5 s").isNotNull();
        return event;
    }

    private static io.darkroom.model.Attempt anAttempt() {
        return new io.darkroom.model.Attempt(1, "local", "succeeded", null, null, 3, java.time.Instant.now(), "req-1");
    }

    private static JobResult aResult() {
        return new JobResult(List.of(), null, 1L, BigDecimal.ZERO, null);
    }
}
