package io.darkroom.infra.jobs;

/** A job was not created: its owner already has as many unfinished jobs as its tier allows. */
public final class ConcurrencyLimitException extends RuntimeException {

    public ConcurrencyLimitException(String owner) {
        super("Key " + owner + " has as many unfinished jobs as its tier allows");
    }
}
