package io.darkroom.model;

/**
 * The body of a work message on a provider queue. Deliberately thin: the job in Redis is the truth;
 * the message only says which job to work on.
 *
 * @param jobId the job to run
 * @param model the job's model, so a worker knows its maximum run time when it claims it; null in a
 *              message published before the field existed (the default maximum applies)
 */
public record JobMessage(String jobId, String model) {
}
