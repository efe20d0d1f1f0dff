package io.darkroom.worker.routing;

import io.darkroom.model.Attempt;

/** Where the provider attempts of jobs are recorded (the job store, in production). */
public interface AttemptLog {

    /** Appends one attempt to the job's log. */
    void record(String jobId, Attempt attempt);
}
