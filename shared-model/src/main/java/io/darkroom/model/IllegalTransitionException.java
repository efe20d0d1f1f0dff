package io.darkroom.model;

/** Thrown when a job is asked to move between two states the transition table does not connect. */
public final class IllegalTransitionException extends IllegalStateException {

    private final JobStatus from;
    private final JobStatus to;

    public IllegalTransitionException(JobStatus from, JobStatus to) {
        super("A job cannot move from " + from.wireName() + " to " + to.wireName());
        this.from = from;
        this.to = to;
    }

    public JobStatus from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }
}
