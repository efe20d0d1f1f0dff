package io.darkroom.api.jobs;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.JobEvents;
import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import org.springframework.stereotype.Component;

/**
 * Cancels a job and tells whoever listens, whoever asked for it (the job's owner, or its batch being
 * cancelled or expiring): a queued job is never sent upstream, a running one's result is discarded, and
 * the {@code job.canceled} webhook and the waiters' announcement go out as for any final state.
 */
@Component
public class JobCancellation {

    private final RedisJobStore jobs;
    private final WebhookTrigger webhooks;
    private final JobEvents events;

    JobCancellation(RedisJobStore jobs, WebhookTrigger webhooks, JobEvents events) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.events = events;
    }

    /** @return whether this call canceled the job (false: it was final already, or is gone) */
    public boolean cancel(String jobId, JobError reason) {
        if (!jobs.cancel(jobId, reason).applied()) {
            return false;
        }
        webhooks.trigger(jobId, JobStatus.CANCELED);
        events.announce(jobId, JobStatus.CANCELED);
        return true;
    }
}
