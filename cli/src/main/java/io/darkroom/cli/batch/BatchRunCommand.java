package io.darkroom.cli.batch;

import io.darkroom.cli.ConnectionOptions;
import io.darkroom.cli.DurationConverter;
import io.darkroom.cli.ExitCodes;
import io.darkroom.cli.ImageOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code darkroom batch run FILE --out DIR}: see {@link BatchRun}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Submits the prompts of FILE as one batch, shows its progress, saves each line's images in DIR as "
                + "<custom_id>.<ext> as soon as the line is finished, and writes DIR/manifest.jsonl.",
            "Run it again with the same FILE and options to resume: it re-attaches to the batch instead of submitting it again, "
                + "and skips images already saved. Ctrl-C leaves the batch running in Darkroom."},
        footer = {"", "Input formats:",
            "  .jsonl  OpenAI batch lines {custom_id, method, url, body}, or request",
            "          bodies {\"prompt\": ..., \"size\": ...} with an optional custom_id",
            "  .csv    a header row with a prompt column; optional custom_id and",
            "          parameter columns (size, quality, n, ...)",
            "  other   plain text, one prompt a line (blank lines skipped)",
            "A line without a custom_id gets line-NNNNN from its line number.",
            "The image options fill in what a line leaves out.", "",
            "Resume and retry: docs/cli.md."})
final class BatchRunCommand implements Callable<Integer> {

    static final Duration SHORTEST_POLL = Duration.ofMillis(100);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The prompts: JSONL, CSV or plain text (see below).")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Where the images, manifest.jsonl and the resume state (" + StateFile.NAME + ") go; created if missing.")
    Path out;

    @Mixin
    ImageOptions image;

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often to read the batch's progress (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--retry-failed",
            description = "When the batch is over, submit the lines that have no image (failed, expired, cancelled) once more, "
                    + "as a new batch. They are billed again.")
    boolean retryFailed;

    @Option(names = "--input-format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "auto, jsonl, csv or text (default: ${DEFAULT-VALUE}: by extension, then by the first line).")
    InputFormat inputFormat;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto, bar or plain (default: ${DEFAULT-VALUE}: a live bar on a terminal, plain lines otherwise).")
    Progress.Mode progress;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        if (poll.compareTo(SHORTEST_POLL) < 0) {
            throw new ParameterException(spec.commandLine(), "--poll must be at least " + SHORTEST_POLL.toMillis() + "ms.");
        }
        JsonMapper json = JsonMapper.builder().build();
        PrintWriter err = spec.commandLine().getErr();
        PromptFile prompts;
        try {
            prompts = PromptFile.read(input, inputFormat, image, json);
        } catch (InvalidInputException e) {
            e.problems().forEach(problem -> err.println(input.getFileName() + (problem.line() > 0 ? ":" + problem.line() : "") + ": "
                    + problem.message()));
            err.println("darkroom: " + e.getMessage());
            err.flush();
            return ExitCodes.INPUT_REFUSED;
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + out + ": " + e.getMessage(), e);
        }
        return new BatchRun(connection.connect(), prompts, out, new BatchRun.Settings(poll, retryFailed, progress),
                spec.commandLine().getOut(), err, json).run();
    }
}
