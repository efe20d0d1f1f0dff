package io.darkroom.infra.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.darkroom.infra.Timeouts;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Publishes persistent messages and tells each caller when the broker confirmed its message, with one thread
 * hop: the caller writes the message on its own thread, and the connection's reader thread completes the
 * caller's future when the broker's ack (or nack, or the return of an unroutable mandatory message) arrives.
 * This is RabbitMQ's "publish, handle confirms asynchronously" strategy on a few channels of the application's
 * connection. (Spring AMQP's correlated confirms, used before, run every confirm and every channel's return to
 * its cache through an executor, waking two pool threads per message: decision 034.)
 *
 * <p>A channel that closes fails its unconfirmed messages at once, and the next publish opens a new one (on a
 * new connection when the old one died). A message not confirmed within the timeout fails too. A failure only
 * says the broker may not have the message: callers keep the state that lets a sweeper publish it again.
 */
final class ConfirmedChannels {

    /** The header naming a message's publish sequence number, by which a returned message finds its caller. */
    static final String SEQUENCE_HEADER = "x-darkroom-publish-seq";

    private final ConnectionFactory connections;
    private final Duration timeout;
    private final Lane[] lanes;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param connections the application's connection factory (its connection is shared; the channels are ours)
     * @param channels    how many channels publish side by side (each serialises its publishes)
     * @param timeout     how long a message may wait for its confirm
     */
    ConfirmedChannels(ConnectionFactory connections, int channels, Duration timeout) {
        this.connections = connections;
        this.timeout = timeout;
        this.lanes = new Lane[channels];
        for (int i = 0; i < channels; i++) {
            lanes[i] = new Lane();
        }
    }

    /**
     * Publishes {@code body} as a persistent message and returns the confirm to come: completes normally when the
     * broker acked it (and, for a mandatory message, routed it), exceptionally with a {@link PublishFailedException}
     * otherwise.
     *
     * @throws AmqpException when no channel could be opened
     */
    CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
            byte[] body, String subjectId) {
        return lanes[Math.floorMod(next.getAndIncrement(), lanes.length)].publish(exchange, routingKey, mandatory, properties, body,
                subjectId);
    }

    /** One channel in confirm mode and the messages it has not had confirmed yet, by sequence number. */
    private record Opened(Channel channel, ConcurrentNavigableMap<Long, Pending> pending) {
    }

    /** One channel at a time, reopened when it closed; its publishes are serialised. */
    private final class Lane {

        private final ReentrantLock lock = new ReentrantLock();
        private Opened current;

        CompletableFuture<Void> publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
                byte[] body, String subjectId) {
            Pending message = new Pending(subjectId);
            lock.lock();
            try {
                Opened open = open();
                long sequence = open.channel().getNextPublishSeqNo();
                open.pending().put(sequence, message);
                AMQP.BasicProperties numbered = properties.builder()
                        .headers(mandatory ? Map.of(SEQUENCE_HEADER, sequence) : null).build();
                try {
                    open.channel().basicPublish(exchange, routingKey, mandatory, numbered, body);
                } catch (IOException | ShutdownSignalException e) {
                    open.pending().remove(sequence);
                    message.fail("the publish failed", e);
                    return message.confirmed;
                }
                var expiry = Timeouts.after(timeout, () -> {
                    open.pending().remove(sequence, message);
                    message.fail("no confirm within " + timeout, null);
                });
                message.confirmed.whenComplete((done, failure) -> expiry.cancel());
                return message.confirmed;
            } finally {
                lock.unlock();
            }
        }

        /** The channel, opened (with its listeners) when there is none or it closed. Called under the lock. */
        private Opened open() {
            if (current != null && current.channel().isOpen()) {
                return current;
            }
            ConcurrentNavigableMap<Long, Pending> owned = new ConcurrentSkipListMap<>();
            Channel opened;
            try {
                // a plain channel of the shared connection: Spring's cached channels would route the confirms through its executor
                opened = connections.createConnection().getDelegate().createChannel();
                opened.confirmSelect();
            } catch (IOException e) {
                throw new org.springframework.amqp.AmqpIOException(e);
            }
            opened.addConfirmListener((sequence, multiple) -> settle(owned, sequence, multiple, null),
                    (sequence, multiple) -> settle(owned, sequence, multiple, "nacked by the broker"));
            opened.addReturnListener(returned -> {
                Object sequence = returned.getProperties().getHeaders() == null ? null
                        : returned.getProperties().getHeaders().get(SEQUENCE_HEADER);
                if (sequence instanceof Number number) {
                    Pending message = owned.get(number.longValue());
                    if (message != null) {
                        message.returned = returned.getReplyText();
                    }
                }
            });
            opened.addShutdownListener(cause -> {
                owned.values().forEach(message -> message.fail("the channel closed: " + cause.getMessage(), cause));
                owned.clear();
            });
            current = new Opened(opened, owned);
            return current;
        }

        private void settle(ConcurrentNavigableMap<Long, Pending> owned, long sequence, boolean multiple, String nack) {
            if (multiple) {
                var settled = owned.headMap(sequence, true);
                settled.values().forEach(message -> message.settle(nack));
                settled.clear();
            } else {
                Pending message = owned.remove(sequence);
                if (message != null) {
                    message.settle(nack);
                }
            }
        }
    }

    /** A message waiting for its confirm. The broker sends a mandatory message's return before its ack. */
    private static final class Pending {

        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        final String subjectId;
        volatile String returned;

        Pending(String subjectId) {
            this.subjectId = subjectId;
        }

        void settle(String nack) {
            if (nack != null) {
                fail(nack, null);
            } else if (returned != null) {
                fail("unroutable: " + returned, null);
            } else {
                confirmed.complete(null);
            }
        }

        void fail(String why, Throwable cause) {
            confirmed.completeExceptionally(new PublishFailedException(subjectId, why, cause));
        }
    }
}
