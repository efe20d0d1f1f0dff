package io.darkroom.api.jobs;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.JobEvents;
import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Cancels a job and tells whoever listens, whoever asked for it (the job's owner, or its batch being
 * cancelled or expiring): a queued job is never sent upstream, a running one's result is discarded, and
 * the {@code job.canceled} webhook and the waiters' announcement go out as for any final state.
 */
@Component
public class JobCancellation {

    private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

    private final RedisJobStore jobs;
    private final WebhookTrigger webhooks;
    private final JobEvents events;

    JobCancellation(RedisJobStore jobs, WebhookTrigger webhooks, JobEvents events) {
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.events = events;
    }

    /**
     * Cancels many jobs (a batch's lines): all of them first, then the notices, best-effort, so that a
     * broker refusing a notice never leaves a job running. A job final already is left as it is.
     */
    public void cancelAll(List<String> jobIds, JobError reason) {
        List<String> canceled = jobIds.stream().filter(jobId -> jobs.cancel(jobId, reason).applied()).toList();
        for (String jobId : canceled) {
            try {
                announce(jobId);
            } catch (RuntimeException e) {
                log.warn("Job {} is canceled but its job.canceled notice could not be sent: {}", jobId, e.getMessage());
            }
        }
    }

    /** @return whether this call canceled the job (false: it was final already, or is gone) */
    public boolean cancel(String jobId, JobError reason) {
        if (!jobs.cancel(jobId, reason).applied()) {
            return false;
        }
        announce(jobId);
        return true;
    }

    /** The {@code job.canceled} webhook, and the wake-up of anyone waiting for the job. */
    private void announce(String jobId) {
        webhooks.trigger(jobId, JobStatus.CANCELED);
        events.announce(jobId, JobStatus.CANCELED);
    }
}
