package io.darkroom.worker.recovery;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.JobError;
import io.darkroom.model.Names;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Hears of every dead-lettered work message (a copy of each is parked for inspection and replay) and fails
 * its job with the reason: a message that could not be parsed, or one that crashed its consumers until
 * the queue's delivery limit. A job a live worker is running is left to it (the dead-lettered message was a
 * redelivered copy, held while the job ran past the broker's consumer timeout). The job is known by the message id, which publishers set to the job id.
 */
@Component
class DeadNotices {

    private static final Logger log = LoggerFactory.getLogger(DeadNotices.class);

    private final RedisJobStore jobs;
    private final JobLifecycle lifecycle;
    private final String webhooksQueue;

    DeadNotices(RedisJobStore jobs, JobLifecycle lifecycle, Names names) {
        this.jobs = jobs;
        this.lifecycle = lifecycle;
        this.webhooksQueue = names.webhooksQueue();
    }

    @RabbitListener(queues = "#{@names.deadNoticesQueue()}")
    void onDeadLetter(Message message) {
        String jobId = message.getMessageProperties().getMessageId();
        String reason = reasonOf(message);
        if (webhooksQueue.equals(message.getMessageProperties().getHeaders().get("x-first-death-queue"))) {
            log.error("A webhook message ({}) was dead-lettered ({}); it is parked; POST /v1/jobs/{job id}/webhooks/replay sends the event again",
                    message.getMessageProperties().getMessageId(), reason);
            return;
        }
        JobError error = "delivery_limit".equals(reason)
                ? new JobError("delivery_limit_exceeded", "Processing this job crashed its workers repeatedly; its message is parked.")
                : new JobError("unprocessable_message", "The job's message could not be processed (" + reason + "); it is parked.");
        if (jobId == null || jobs.find(jobId).isEmpty()) {
            log.error("A dead-lettered message ({}) names no known job (message id {}); it is parked", reason, jobId);
            return;
        }
        if (jobs.heldByLiveWorker(jobId)) {
            log.warn("A copy of job {}'s message was dead-lettered ({}) while a live worker runs the job; the job is left to it",
                    jobId, reason);
            return;
        }
        if (lifecycle.failUnclaimed(jobId, error).applied()) {
            log.error("Job {} failed: its message was dead-lettered ({})", jobId, reason);
        }
    }

    @SuppressWarnings("unchecked")
    private static String reasonOf(Message message) {
        Object first = message.getMessageProperties().getHeaders().get("x-first-death-reason");
        if (first != null) {
            return first.toString();
        }
        Object deaths = message.getMessageProperties().getHeaders().get("x-death");
        if (deaths instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map<?, ?> death) {
            return String.valueOf(death.get("reason"));
        }
        return "unknown";
    }
}
