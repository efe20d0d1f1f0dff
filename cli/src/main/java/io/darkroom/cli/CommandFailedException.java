package io.darkroom.cli;

/**
 * A command stops here, for a reason the user can act on: the message is printed as one line, the exit code
 * returned as it is. Thrown for expected failures, never for bugs.
 */
public final class CommandFailedException extends RuntimeException {

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message  what went wrong and, where there is one, what to do about it
     */
    public CommandFailedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
