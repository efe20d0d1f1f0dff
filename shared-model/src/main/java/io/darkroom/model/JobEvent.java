package io.darkroom.model;

/**
 * The body of a completion event on the events exchange: a job reached a final state.
 *
 * @param jobId  the job
 * @param status its final state
 */
public record JobEvent(String jobId, JobStatus status) {
}
