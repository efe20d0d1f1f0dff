package io.darkroom.cli.batch;

import io.darkroom.cli.FileNames;
import io.darkroom.cli.ImageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An input file read into batch lines: JSONL, CSV or plain text (see {@link InputFormat}). Every line gets a
 * {@code custom_id}, unique in the file: its own, or one made from its line number. The command-line image options
 * fill in what a line leaves out. Every bad line is reported at once, by number, before anything is uploaded.
 */
final class PromptFile {

    private final String name;
    private final List<PromptLine> lines;
    private final Map<String, PromptLine> byCustomId = new HashMap<>();
    private final JsonMapper json;

    private PromptFile(String name, List<PromptLine> lines, JsonMapper json) {
        this.name = name;
        this.lines = List.copyOf(lines);
        this.json = json;
        lines.forEach(line -> byCustomId.put(line.customId(), line));
    }

    static PromptFile read(Path file, InputFormat format, ImageOptions defaults, JsonMapper json) throws InvalidInputException {
        String name = file.getFileName().toString();
        String text = text(file, name);
        InputFormat resolved = format.resolve(name, text.lines().filter(line -> !line.isBlank()).findFirst().orElse(null));
        Lines lines = new Lines(name);
        switch (resolved) {
            case JSONL -> JsonlPrompts.read(text, lines, json);
            case CSV -> CsvPrompts.read(text, lines, json);
            default -> readText(text, lines, json);
        }
        List<PromptLine> read = lines.finish();
        read.forEach(line -> defaults.applyTo(line.body()));
        return new PromptFile(name, read, json);
    }

    /** The file's name, as the user knows it. */
    String name() {
        return name;
    }

    /** Every line, in file order. */
    List<PromptLine> lines() {
        return lines;
    }

    Optional<PromptLine> line(String customId) {
        return Optional.ofNullable(byCustomId.get(customId));
    }

    /** The batch input file of {@code subset}: one request line each. */
    byte[] jsonl(List<PromptLine> subset) {
        StringBuilder jsonl = new StringBuilder();
        subset.forEach(line -> jsonl.append(line.requestLine(json)).append('\n'));
        return jsonl.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fingerprint of every request of the file, command-line defaults included: what makes two runs the same run. */
    String sha256() {
        return FileNames.sha256(jsonl(lines));
    }

    private static void readText(String text, Lines lines, JsonMapper json) {
        String[] rows = text.split("\\R", -1);
        for (int index = 0; index < rows.length; index++) {
            if (!rows[index].isBlank()) {
                lines.add(index + 1, null, json.createObjectNode().put("prompt", rows[index].strip()));
            }
        }
    }

    private static String text(Path file, String name) throws InvalidInputException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name, List.of(new InvalidInputException.Problem(0, "no such file: " + file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(name, List.of(new InvalidInputException.Problem(0, "the file is not UTF-8 text.")));
        }
    }

    /** The lines a reader finds, checked as they come: ids unique, problems collected. */
    static final class Lines {

        private final String file;
        private final List<PromptLine> lines = new ArrayList<>();
        private final Map<String, Integer> customIds = new LinkedHashMap<>();
        private final List<InvalidInputException.Problem> problems = new ArrayList<>();

        Lines(String file) {
            this.file = file;
        }

        /** A line starting at {@code line}, with its own {@code custom_id} or null for the default one. */
        void add(int line, String customId, ObjectNode body) {
            String id = customId == null ? PromptLine.defaultCustomId(line) : customId;
            Integer earlier = customIds.putIfAbsent(id, line);
            if (earlier != null) {
                problem(line, "custom_id '" + id + "' is also the custom_id of line " + earlier + ".");
                return;
            }
            lines.add(new PromptLine(line, id, body));
        }

        void problem(int line, String message) {
            problems.add(new InvalidInputException.Problem(line, message));
        }

        List<PromptLine> finish() throws InvalidInputException {
            if (problems.isEmpty() && lines.isEmpty()) {
                problem(0, "the file has no prompts.");
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(file, problems);
            }
            return lines;
        }
    }
}
