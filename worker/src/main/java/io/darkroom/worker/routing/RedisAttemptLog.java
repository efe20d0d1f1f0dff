package io.darkroom.worker.routing;

import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Attempt;
import org.springframework.stereotype.Component;

/** The {@link AttemptLog} on the job store: attempts live beside the job and expire with it. */
@Component
final class RedisAttemptLog implements AttemptLog {

    private final RedisJobStore jobs;

    RedisAttemptLog(RedisJobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void record(String jobId, Attempt attempt) {
        jobs.recordAttempt(jobId, attempt);
    }
}
