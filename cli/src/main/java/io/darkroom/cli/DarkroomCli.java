package io.darkroom.cli;

import io.darkroom.cli.batch.BatchCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code darkroom}: the command line's root. {@link #main(String[])} runs it and exits with its code;
 * {@link #commandLine()} gives the same command line to run in-process (tests set its out and err writers).
 */
@Command(name = "darkroom", mixinStandardHelpOptions = true, versionProvider = DarkroomCli.Version.class,
        subcommands = {BatchCommand.class, GenerateCommand.class, HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        description = "A client of Darkroom, durable image generation behind an OpenAI-compatible API.",
        footer = {"", "Examples:", "  darkroom batch run prompts.txt --out images/ --model local/fast --size 512x512",
            "  darkroom batch status batch_abc123",
            "  darkroom generate \"a lighthouse in a storm\" --out lighthouse.png"})
public final class DarkroomCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** A new command line for {@code darkroom}, failures reported as one line with the documented exit codes. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new DarkroomCli()).setExecutionExceptionHandler(new FailureReporter())
                .setCaseInsensitiveEnumValuesAllowed(true);
        describeExitCodes(root);
        return root;
    }

    private static void describeExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.DESCRIBED);
        command.getSubcommands().values().forEach(DarkroomCli::describeExitCodes);
    }

    /** Without a command: the usage, and the usage error's code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** This client's version, from its jar's manifest ({@code dev} when run from classes). */
    static String version() {
        String version = DarkroomCli.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            return new String[] {"darkroom-cli " + version()};
        }
    }
}
