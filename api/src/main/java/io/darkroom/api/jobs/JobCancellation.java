package io.darkroom.api.jobs;

import io.darkroom.infra.lifecycle.JobLifecycle;
import io.darkroom.model.JobError;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Cancels jobs, whoever asked for it (the job's owner, or its batch being cancelled or expiring): a queued
 * job is never sent upstream, a running one's result is discarded. The {@link JobLifecycle} sends the
 * {@code job.canceled} event, which wakes waiters and delivers webhooks, as for any final state.
 */
@Component
public class JobCancellation {

    private final JobLifecycle lifecycle;

    JobCancellation(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** Cancels many jobs (a batch's lines). A job final already is left as it is. */
    public void cancelAll(List<String> jobIds, JobError reason) {
        jobIds.forEach(jobId -> lifecycle.cancel(jobId, reason));
    }

    /** @return whether this call canceled the job (false: it was final already, or is gone) */
    public boolean cancel(String jobId, JobError reason) {
        return lifecycle.cancel(jobId, reason).applied();
    }
}
