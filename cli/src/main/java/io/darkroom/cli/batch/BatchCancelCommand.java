package io.darkroom.cli.batch;

import io.darkroom.cli.ApiException;
import io.darkroom.cli.CommandFailedException;
import io.darkroom.cli.ConnectionOptions;
import io.darkroom.cli.DarkroomApi;
import io.darkroom.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code darkroom batch cancel ID}: {@code POST /v1/batches/{id}/cancel}, printing the status it leaves the batch in.
 * A batch that is over already (409) is a one-line message and {@link ExitCodes#FAILED}.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cancels a batch: its lines not started are not run; those finished keep their results.",
            "Prints the batch's status after the call (cancelling, then cancelled)."})
final class BatchCancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", converter = BatchIdConverter.class, description = "The batch's id, as batch run prints it.")
    String id;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        DarkroomApi api = connection.connect();
        JsonNode batch;
        try {
            batch = api.cancelBatch(id);
        } catch (ApiException e) {
            if (e.status() != 409) {
                throw e;
            }
            throw new CommandFailedException(ExitCodes.FAILED, id + " cannot be cancelled: it is "
                    + api.batch(id).path("status").asString("over") + " (only a validating or in_progress batch can be cancelled).");
        }
        spec.commandLine().getOut().println(batch.path("id").asString(id) + ": " + batch.path("status").asString());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
