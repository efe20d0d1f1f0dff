package io.darkroom.cli.batch;

import io.darkroom.cli.ConnectionOptions;
import io.darkroom.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code darkroom batch status ID}: one {@code GET /v1/batches/{id}}, printed for people or, with {@code --json}, as is. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a batch's status, its line counts (total, completed, failed) and its output and error files.")
final class BatchStatusCommand implements Callable<Integer> {

    /** Shown for a file the batch does not have (yet). */
    static final String NONE = "-";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", converter = BatchIdConverter.class, description = "The batch's id, as batch run prints it.")
    String id;

    @Option(names = "--json", description = "Print the batch object as Darkroom answers it.")
    boolean asJson;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        JsonNode batch = connection.connect().batch(id);
        PrintWriter out = spec.commandLine().getOut();
        if (asJson) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(batch));
        } else {
            BatchCounts counts = BatchCounts.of(batch);
            out.println("id:          " + batch.path("id").asString(id));
            out.println("status:      " + counts.status());
            out.println("requests:    " + counts.total() + " total, " + counts.completed() + " completed, " + counts.failed() + " failed");
            out.println("output file: " + fileId(batch, "output_file_id"));
            out.println("error file:  " + fileId(batch, "error_file_id"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String fileId(JsonNode batch, String field) {
        String fileId = OutputRow.text(batch, field);
        return fileId == null ? NONE : fileId;
    }
}
