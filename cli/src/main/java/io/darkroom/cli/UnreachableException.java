package io.darkroom.cli;

/** A call got no answer: Darkroom refused the connection, timed out or dropped it. The same call may work later. */
public final class UnreachableException extends RuntimeException {

    UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
