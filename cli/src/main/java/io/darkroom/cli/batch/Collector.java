package io.darkroom.cli.batch;

import io.darkroom.cli.AtomicFiles;
import io.darkroom.cli.DarkroomApi;
import io.darkroom.cli.FileNames;
import io.darkroom.cli.ImageType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves the images of a batch's output rows and records each line's outcome: rows handed over one by one while the
 * batch runs ({@link ResultsFeed}), then the rows of its output and error files once it is final. Images are saved as
 * {@code <custom_id>.<ext>} ({@code <custom_id>-<k>.<ext>} when a line made several), each written whole. A row is
 * handled once per batch ({@link BatchState#isSettled}), so reading the same line twice, live and then from the
 * files, or again after a resume, downloads nothing twice. The state is saved every {@link #SAVE_EVERY} lines: a
 * stopped run loses at most that many downloads, never an image.
 */
final class Collector {

    static final int SAVE_EVERY = 25;

    private final DarkroomApi api;
    private final PromptFile prompts;
    private final Map<String, String> requestHashes;
    private final Path folder;
    private final StateFile stateFile;
    private final PrintWriter err;
    private final JsonMapper json;
    private int unsaved;

    Collector(DarkroomApi api, PromptFile prompts, Map<String, String> requestHashes, Path folder, StateFile stateFile, PrintWriter err,
            JsonMapper json) {
        this.api = api;
        this.prompts = prompts;
        this.requestHashes = requestHashes;
        this.folder = folder;
        this.stateFile = stateFile;
        this.err = err;
        this.json = json;
    }

    /** Reads a final batch's output and error files, handling every row not handled yet; saves the state. */
    void collectFiles(JsonNode batch, BatchState state) {
        String batchId = batch.path("id").asString();
        for (String field : List.of("output_file_id", "error_file_id")) {
            String fileId = OutputRow.text(batch, field);
            if (fileId == null) {
                continue;
            }
            for (String row : api.fileContent(fileId).split("\n")) {
                if (!row.isBlank()) {
                    collect(OutputRow.parse(json.readTree(row)), batchId, state);
                }
            }
        }
        save(state);
    }

    /** Records one row's outcome, saving its images; false when there was nothing to do. */
    boolean collect(OutputRow row, String batchId, BatchState state) {
        Optional<PromptLine> line = prompts.line(String.valueOf(row.customId()));
        if (line.isEmpty()) {
            err.println("darkroom: " + batchId + " has a line '" + row.customId() + "' that is not in " + prompts.name() + "; ignored.");
            return false;
        }
        String hash = requestHashes.get(row.customId());
        if (state.isSettled(line.get(), hash, batchId, folder)) {
            return false;
        }
        state.record(row.customId(), row.error() != null ? failed(hash, batchId, row.error()) : save(row, hash, batchId));
        if (++unsaved >= SAVE_EVERY) {
            save(state);
        }
        return true;
    }

    /** Saves the state now, with every outcome recorded so far. */
    void save(BatchState state) {
        stateFile.save(state);
        unsaved = 0;
    }

    /** Writes {@value Manifest#NAME} as the state has it now. */
    Manifest.Tally writeManifest(BatchState state) {
        return Manifest.write(folder, prompts, state, requestHashes, json);
    }

    /** Saves a succeeded line's images: its success, or why an image could not be saved. */
    private BatchState.Outcome save(OutputRow row, String hash, String batchId) {
        List<String> files = new ArrayList<>();
        for (int index = 0; index < row.images().size(); index++) {
            Optional<byte[]> bytes = bytes(row.images().get(index));
            if (bytes.isEmpty()) {
                return failed(hash, batchId, new BatchState.LineError("image_unavailable", "The image was gone before it was downloaded"
                        + " (Darkroom keeps images for darkroom.image-ttl, 1 h by default)."));
            }
            ImageType type;
            try {
                type = ImageType.of(bytes.get());
            } catch (IllegalArgumentException e) {
                return failed(hash, batchId, new BatchState.LineError("not_an_image", e.getMessage()));
            }
            String suffix = row.images().size() > 1 ? "-" + (index + 1) : "";
            String name = FileNames.forCustomId(row.customId()) + suffix + "." + type.extension();
            AtomicFiles.write(folder.resolve(name), bytes.get());
            files.add(name);
        }
        return new BatchState.Outcome(BatchState.SUCCEEDED, hash, batchId, files, null);
    }

    private static BatchState.Outcome failed(String hash, String batchId, BatchState.LineError error) {
        return new BatchState.Outcome(BatchState.FAILED, hash, batchId, List.of(), error);
    }

    private Optional<byte[]> bytes(OutputRow.Image image) {
        if (image.b64Json() != null) {
            return Optional.of(Base64.getDecoder().decode(image.b64Json()));
        }
        return image.url() == null ? Optional.empty() : api.download(image.url());
    }
}
