package io.darkroom.cli.batch;

import io.darkroom.cli.AtomicFiles;
import io.darkroom.cli.CommandFailedException;
import io.darkroom.cli.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The {@link BatchState} of an output folder, written whole each time (a stopped run leaves the previous one). */
final class StateFile {

    static final String NAME = ".darkroom-batch.json";

    private final Path path;
    private final JsonMapper json = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    StateFile(Path folder) {
        this.path = folder.resolve(NAME);
    }

    Path path() {
        return path;
    }

    Optional<BatchState> load() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            BatchState state = json.readValue(Files.readAllBytes(path), BatchState.class);
            if (state.version() != BatchState.VERSION || state.inputSha256() == null || state.baseUrl() == null) {
                throw new CommandFailedException(ExitCodes.FAILED, path + " was written by another version of darkroom;"
                        + " move it away to start over.");
            }
            return Optional.of(state);
        } catch (JacksonException e) {
            throw new CommandFailedException(ExitCodes.FAILED, path + " is damaged (" + e.getOriginalMessage()
                    + "); move it away to start over (its batches would be submitted again).");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    void save(BatchState state) {
        AtomicFiles.write(path, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }
}
