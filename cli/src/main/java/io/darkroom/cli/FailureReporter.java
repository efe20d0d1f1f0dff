package io.darkroom.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the failures a user can act on into one line on the error stream and the documented exit code; anything
 * else is a bug, and picocli prints its stack trace.
 */
final class FailureReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) throws Exception {
        int exitCode = switch (failure) {
            case CommandFailedException known -> known.exitCode();
            case ApiException refused -> ExitCodes.FAILED;
            case UnreachableException unreachable -> ExitCodes.FAILED;
            case UncheckedIOException io -> ExitCodes.FAILED;
            default -> throw failure;
        };
        command.getErr().println(command.getColorScheme().errorText("darkroom: " + failure.getMessage()));
        command.getErr().flush();
        return exitCode;
    }
}
