package io.darkroom.cli.batch;

import io.darkroom.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code darkroom batch}: the Batch API's commands: {@code run}, {@code status} and {@code cancel}. */
@Command(name = "batch", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        subcommands = {BatchRunCommand.class, BatchStatusCommand.class, BatchCancelCommand.class},
        description = "Runs many prompts as one Darkroom batch (OpenAI's Batch API): lower priority, nothing lost, resumable.")
public final class BatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Without a command: the usage, and the usage error's code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
