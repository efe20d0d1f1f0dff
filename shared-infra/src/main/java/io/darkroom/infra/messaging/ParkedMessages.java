package io.darkroom.infra.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;

/**
 * Reads the parking queue without taking anything off it, for operators: each read takes every ready message
 * from the head, up to {@link #MAX_WINDOW} ({@code basic.get}, unacknowledged), and gives every one back in
 * order ({@code basic.nack}, requeue) before it returns; a crash mid-read gives them back too (the channel
 * closes). See decision 021.
 * <p>
 * Whole reads keep the queue's order on every broker: a quorum queue puts a message given back at its head
 * (with a delivery limit, as RabbitMQ 4 sets by default) or at its back (without one, RabbitMQ 3.x), and the
 * whole queue given back in order is the same queue either way. Past {@link #MAX_WINDOW} messages, a read on
 * a broker of the second kind moves the first {@link #MAX_WINDOW} behind the rest.
 * <p>
 * A quorum queue counts every give-back as a delivery, and RabbitMQ 4.0 to 4.2 drop a message past a
 * default delivery limit of 20 (the parking queue has no dead-letter target): a message read
 * {@link #DEFAULT_REFRESH_AT} times or more is therefore replaced by a fresh copy (the broker confirms the
 * copy, then the original is acknowledged), which starts counting again at the back of the queue. A crash
 * between the two leaves both, never neither.
 * <p>
 * While a read holds its window, those messages are invisible to other readers and to replay, for the
 * few milliseconds it takes.
 */
public final class ParkedMessages {

    /** At most this many messages from the head are read at once; deeper messages are not listed. */
    public static final int MAX_WINDOW = 1_000;
    /** A message handed out this many times is replaced by a fresh copy rather than given back. */
    public static final long DEFAULT_REFRESH_AT = 10;
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(ParkedMessages.class);

    private final RabbitTemplate rabbit;
    private final String queue;
    private final long refreshAt;
    private final DefaultMessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();

    /**
     * @param rabbit    a template whose connection factory has correlated publisher confirms
     * @param queue     the queue to read
     * @param refreshAt how many deliveries a message may have before it is replaced by a fresh copy; below the
     *                  queue's delivery limit, if it has one
     */
    public ParkedMessages(RabbitTemplate rabbit, String queue, long refreshAt) {
        this.rabbit = rabbit;
        this.queue = queue;
        this.refreshAt = refreshAt;
    }

    /**
     * One page in queue order, oldest first.
     *
     * @param messages the page's messages
     * @param total    how many messages were ready in the queue when it was read
     */
    public record Page(List<ParkedMessage> messages, long total) {
    }

    /**
     * The messages from {@code offset} (0 is the head) on, at most {@code limit} of them.
     *
     * @throws IllegalArgumentException when {@code offset + limit} exceeds {@link #MAX_WINDOW}
     */
    public Page list(int offset, int limit) {
        if (offset < 0 || limit < 0 || offset + limit > MAX_WINDOW) {
            throw new IllegalArgumentException("offset + limit must lie within 0 and " + MAX_WINDOW);
        }
        return read(held -> held.subList(Math.min(offset, held.size()), Math.min(offset + limit, held.size())));
    }

    /** The first message of the job {@code jobId} among the first {@link #MAX_WINDOW}, if there is one. */
    public Optional<ParkedMessage> find(String jobId) {
        return read(held -> held.stream().filter(message -> jobId.equals(message.jobId())).limit(1).toList())
                .messages().stream().findFirst();
    }

    /** Reads the messages ready now (up to {@link #MAX_WINDOW}), selects from them, and gives them all back. */
    private Page read(Function<List<ParkedMessage>, List<ParkedMessage>> select) {
        return rabbit.execute(channel -> {
            long total = channel.messageCount(queue);
            long window = Math.min(total, MAX_WINDOW);
            List<GetResponse> held = new ArrayList<>();
            try {
                for (GetResponse response; held.size() < window && (response = channel.basicGet(queue, false)) != null; ) {
                    held.add(response);
                }
                List<ParkedMessage> messages = new ArrayList<>();
                for (int i = 0; i < held.size(); i++) {
                    messages.add(parked(i, held.get(i)));
                }
                return new Page(select.apply(messages), total);
            } finally {
                giveBack(channel, held);
                awaitReady(channel, total);
            }
        });
    }

    /**
     * Waits, briefly, until the queue counts {@code count} ready messages again: a quorum queue applies a
     * give-back after the nack is sent, and a read that came at once would otherwise find the queue empty.
     * Gives up after {@link #SETTLE} (another reader or a replay may hold some of them meanwhile).
     */
    private void awaitReady(Channel channel, long count) throws IOException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (channel.messageCount(queue) < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Gives every held message back in order, or replaces it by a fresh copy when its delivery count is high. */
    private void giveBack(Channel channel, List<GetResponse> held) throws IOException {
        for (GetResponse response : held) {
            long tag = response.getEnvelope().getDeliveryTag();
            if (deliveryCount(response.getProps()) >= refreshAt && copied(response)) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        }
    }

    /** Publishes a copy of the message, its delivery count cleared, to the queue; whether the broker confirmed it. */
    private boolean copied(GetResponse response) {
        MessageProperties copy = properties.toMessageProperties(response.getProps(), null, StandardCharsets.UTF_8.name());
        copy.getHeaders().remove("x-delivery-count");
        CorrelationData correlation = new CorrelationData();
        try {
            rabbit.send("", queue, new Message(response.getBody(), copy), correlation);
            CorrelationData.Confirm confirm = correlation.getFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return confirm.ack() && correlation.getReturned() == null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not refresh parked message {}; it is given back as it is", copy.getMessageId(), e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long deliveryCount(AMQP.BasicProperties props) {
        Object count = props.getHeaders() == null ? null : props.getHeaders().get("x-delivery-count");
        return count instanceof Number number ? number.longValue() : 0;
    }

    private static ParkedMessage parked(int position, GetResponse response) {
        AMQP.BasicProperties props = response.getProps();
        Map<String, Object> headers = new LinkedHashMap<>();
        if (props.getHeaders() != null) {
            props.getHeaders().forEach((name, value) -> headers.put(name, plain(value)));
        }
        List<ParkedMessage.Death> deaths = headers.get("x-death") instanceof List<?> records
                ? records.stream().filter(Map.class::isInstance).map(record -> death((Map<?, ?>) record)).toList() : List.of();
        ParkedMessage.Death last = deaths.isEmpty() ? null : deaths.getFirst();
        return new ParkedMessage(position, props.getMessageId(), last == null ? null : last.reason(), last == null ? null : last.queue(),
                last == null || last.routingKeys().isEmpty() ? null : last.routingKeys().getFirst(), last == null ? null : last.time(),
                deliveryCount(props), deaths, headers, new String(response.getBody(), StandardCharsets.UTF_8));
    }

    private static ParkedMessage.Death death(Map<?, ?> record) {
        List<String> keys = record.get("routing-keys") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
        return new ParkedMessage.Death(text(record.get("reason")), text(record.get("queue")), text(record.get("exchange")), keys,
                record.get("count") instanceof Number count ? count.longValue() : 0,
                record.get("time") instanceof Instant time ? time : null);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A header value as plain Java: text for AMQP strings, instants for timestamps, lists and maps of those. */
    private static Object plain(Object value) {
        return switch (value) {
            case LongString text -> text.toString();
            case Date date -> date.toInstant();
            case List<?> list -> list.stream().map(ParkedMessages::plain).toList();
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((key, entry) -> converted.put(key.toString(), plain(entry)));
                yield converted;
            }
            case null -> null;
            default -> value;
        };
    }
}
