package io.darkroom.worker.consume;

import com.rabbitmq.client.Channel;
import io.darkroom.model.JobMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives work messages with manual acks and runs each on a virtual thread, so the consumer prefetch
 * alone bounds how many jobs run at once. A message is acked only after its job's final state is stored;
 * a failure puts it back (the queue's delivery limit parks one that keeps failing); a message that
 * cannot be parsed is rejected at once, to the dead-letter queue.
 *
 * <p>On shutdown, {@link #drain(Duration)} stops starting new jobs (a message delivered meanwhile is left
 * unacked, so it goes back to the queue once, when the channel closes, rather than bouncing through
 * nacks that would eat its delivery limit) and waits for running jobs to finish and be acked.
 */
final class JobConsumer implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobConsumer.class);

    private final JobRunner runner;
    private final JsonMapper json;
    private final ExecutorService executor;
    private final Phaser inFlight = new Phaser(1);
    private volatile boolean draining;

    JobConsumer(JobRunner runner, JsonMapper json, ExecutorService executor) {
        this.runner = runner;
        this.json = json;
        this.executor = executor;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws IOException {
        long tag = message.getMessageProperties().getDeliveryTag();
        if (draining) {
            return;
        }
        JobMessage work;
        try {
            work = json.readValue(message.getBody(), JobMessage.class);
        } catch (JacksonException e) {
            log.error("Parking an unparseable work message (message id {}): {}",
                    message.getMessageProperties().getMessageId(), e.getOriginalMessage());
            channel.basicReject(tag, false);
            return;
        }
        boolean redelivered = Boolean.TRUE.equals(message.getMessageProperties().isRedelivered());
        inFlight.register();
        executor.execute(() -> {
            try {
                runAndSettle(work, redelivered, channel, tag);
            } finally {
                inFlight.arriveAndDeregister();
            }
        });
    }

    /**
     * Stops taking new messages and waits up to {@code grace} for running jobs to finish.
     *
     * @return whether every running job finished in time
     */
    boolean drain(Duration grace) {
        draining = true;
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int inFlight() {
        return Math.max(0, inFlight.getRegisteredParties() - (draining ? 0 : 1));
    }

    private void runAndSettle(JobMessage work, boolean redelivered, Channel channel, long tag) {
        String jobId = work.jobId();
        boolean done = false;
        try {
            runner.run(jobId, work.model(), redelivered);
            done = true;
        } catch (Exception e) {
            log.error("Job {} could not be run; returning its message to the queue (its delivery limit parks it)", jobId, e);
        }
        settle(jobId, channel, tag, done);
    }

    private static void settle(String jobId, Channel channel, long tag, boolean done) {
        try {
            if (done) {
                channel.basicAck(tag, false);
            } else {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not settle the message of job {}; the broker will redeliver it", jobId, e);
        }
    }
}
