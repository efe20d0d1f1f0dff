package io.darkroom.infra.messaging;

/**
 * The broker did not take responsibility for a message: it nacked it, returned it as unroutable, or
 * did not confirm it in time. The caller must not tell anyone the work was accepted.
 */
public final class PublishFailedException extends RuntimeException {

    private final String jobId;

    public PublishFailedException(String jobId, String reason, Throwable cause) {
        super("The broker did not confirm job " + jobId + ": " + reason, cause);
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
