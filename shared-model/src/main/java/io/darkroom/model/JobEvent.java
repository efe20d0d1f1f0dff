package io.darkroom.model;

import java.util.Map;

/**
 * The body of a job event on the events exchange: a job reached a final state (or, unconfirmed, made
 * progress).
 *
 * @param jobId  the job
 * @param status its state
 * @param job    for a final event sent by the writer of the final move: the job's Redis hash as that move
 *               left it, so a waiting caller answers without reading Redis again; null on a relayed or
 *               progress event (the reader then reads the job). Readers ignore fields they do not know, so
 *               versions can mix.
 */
public record JobEvent(String jobId, JobStatus status, Map<String, String> job) {

    /** An event without the job's state. */
    public JobEvent(String jobId, JobStatus status) {
        this(jobId, status, null);
    }
}
