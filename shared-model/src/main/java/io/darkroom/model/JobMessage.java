package io.darkroom.model;

/**
 * The body of a work message on a provider queue. Deliberately thin: the job in Redis is the truth;
 * the message only says which job to work on.
 *
 * @param jobId the job to run
 */
public record JobMessage(String jobId) {
}
