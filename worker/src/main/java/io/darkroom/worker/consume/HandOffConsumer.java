package io.darkroom.worker.consume;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.core.JacksonException;

/**
 * One consumer whose messages are handled concurrently: each is read on the consumer's thread and handed
 * to its own virtual thread, so the consumer prefetch alone bounds how many run at once. A message is
 * acked only after its handler returned; a handler that throws puts it back (the queue's delivery limit
 * parks one that keeps failing); a message that cannot be read is rejected at once, to the dead-letter queue.
 *
 * <p>Why one consumer with a prefetch rather than many consumers: when a process dies, a quorum queue
 * returns each of its unacked messages, and (RabbitMQ 3.10) may hand a returned message straight to another
 * consumer of the same dead connection whose channel it has not yet seen close. Every such return counts
 * toward the delivery limit, so 32 consumers on one connection once parked a webhook event after a single
 * {@code kill -9}. With one consumer per queue and process, a crash returns a message once.
 *
 * <p>On shutdown, {@link #drain(Duration)} stops starting new work (a message delivered meanwhile is left
 * unacked, so it goes back to the queue once, when the channel closes, rather than bouncing through nacks
 * that would eat its delivery limit) and waits for running work to finish and be acked.
 *
 * @param <T> what a message is read as
 */
public final class HandOffConsumer<T> implements ChannelAwareMessageListener {

    /** What to do with each message. */
    public interface Handler<T> {

        /** Reads the message; a message that cannot be read is dead-lettered. */
        T read(Message message) throws JacksonException;

        /** Does the work; returning acks the message, throwing puts it back. */
        void handle(T item, boolean redelivered) throws Exception;

        /** Names the item in logs, e.g. {@code job job_123}. */
        String describe(T item);
    }

    /** The phase of the listener containers: they stop after the drain (one phase above) has let work finish. */
    public static final int CONTAINER_PHASE = Integer.MAX_VALUE - 1;
    private static final Logger log = LoggerFactory.getLogger(HandOffConsumer.class);

    private final Handler<T> handler;
    private final ExecutorService executor;
    private final Phaser inFlight = new Phaser(1);
    private volatile boolean draining;

    public HandOffConsumer(Handler<T> handler, ExecutorService executor) {
        this.handler = handler;
        this.executor = executor;
    }

    /**
     * The listener container for this consumer: one consumer per queue, manual acks, {@code prefetch} messages
     * in flight.
     */
    public DirectMessageListenerContainer containerFor(ConnectionFactory connectionFactory, int prefetch, Duration shutdownTimeout,
            String... queues) {
        DirectMessageListenerContainer container = new DirectMessageListenerContainer(connectionFactory);
        container.setQueueNames(queues);
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(prefetch);
        container.setConsumersPerQueue(1);
        container.setShutdownTimeout(shutdownTimeout.toMillis());
        container.setMessageListener(this);
        container.setPhase(CONTAINER_PHASE);
        return container;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (draining) {
            return;
        }
        T item;
        try {
            item = handler.read(message);
        } catch (RuntimeException e) {
            // unparseable, or parsed but senseless (a field missing): left unsettled it would hold a prefetch slot for good
            log.error("Parking a message from {} that cannot be read (message id {}): {}", message.getMessageProperties().getConsumerQueue(),
                    message.getMessageProperties().getMessageId(), e instanceof JacksonException json ? json.getOriginalMessage() : e.toString());
            channel.basicReject(tag, false);
            return;
        }
        boolean redelivered = Boolean.TRUE.equals(message.getMessageProperties().isRedelivered());
        inFlight.register();
        try {
            executor.execute(() -> {
                try {
                    handleAndSettle(item, redelivered, channel, tag);
                } finally {
                    inFlight.arriveAndDeregister();
                }
            });
        } catch (RejectedExecutionException stopping) {
            // the executor is closing (shutdown): the message goes back once, when the channel closes
            inFlight.arriveAndDeregister();
        }
    }

    /** Stops taking new messages; what runs goes on. */
    void stopTaking() {
        if (!draining) {
            draining = true;
            inFlight.arrive();
        }
    }

    /**
     * Stops taking new messages and waits up to {@code grace} for running work to finish.
     *
     * @return whether all running work finished in time
     */
    boolean drain(Duration grace) {
        stopTaking();
        try {
            inFlight.awaitAdvanceInterruptibly(0, grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Messages being handled now (the phaser's parties but its own, which stays registered after it arrives). */
    int inFlight() {
        return Math.max(0, inFlight.getRegisteredParties() - 1);
    }

    private void handleAndSettle(T item, boolean redelivered, Channel channel, long tag) {
        boolean done = false;
        try {
            handler.handle(item, redelivered);
            done = true;
        } catch (Exception e) {
            log.error("{} failed; returning its message to the queue (its delivery limit parks it)", handler.describe(item), e);
        }
        try {
            if (done) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not settle the message of {}; the broker will redeliver it", handler.describe(item), e);
        }
    }
}
