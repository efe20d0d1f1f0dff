package io.darkroom.cli.batch;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CSV input: a header row naming a {@code prompt} column, an optional {@code custom_id} column, and any other
 * columns as request parameters ({@code size}, {@code n}, {@code quality}, ...). Empty cells are left out; numbers
 * and {@code true}/{@code false} are sent as such for the parameters that take them, JSON objects for
 * {@code metadata} and {@code provider}. Ids made from line numbers use the line a record starts on.
 */
final class CsvPrompts {

    private static final Set<String> WHOLE_NUMBERS = Set.of("n", "output_compression", "partial_images", "seed");
    private static final Set<String> BOOLEANS = Set.of("stream");
    private static final Set<String> OBJECTS = Set.of("metadata", "provider");

    private CsvPrompts() {
    }

    static void read(String text, PromptFile.Lines lines, JsonMapper json) {
        List<Csv.Row> rows;
        try {
            rows = Csv.parse(text);
        } catch (Csv.MalformedException e) {
            lines.problem(e.line(), "not valid CSV: " + e.getMessage());
            return;
        }
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = rows.getFirst().fields().stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("prompt")) {
            lines.problem(rows.getFirst().line(), "the header row has no 'prompt' column (it has " + String.join(", ", header) + ").");
            return;
        }
        for (Csv.Row row : rows.subList(1, rows.size())) {
            if (row.fields().size() != header.size()) {
                lines.problem(row.line(), "has " + row.fields().size() + " fields, the header has " + header.size()
                        + " (quote a field that holds a comma).");
                continue;
            }
            readRow(row, header, lines, json);
        }
    }

    private static void readRow(Csv.Row row, List<String> header, PromptFile.Lines lines, JsonMapper json) {
        ObjectNode body = json.createObjectNode();
        String customId = null;
        for (int column = 0; column < header.size(); column++) {
            String name = header.get(column);
            String value = row.fields().get(column);
            if ("custom_id".equals(name)) {
                customId = value.isBlank() ? null : value.strip();
            } else if ("prompt".equals(name)) {
                body.put("prompt", value);
            } else if (!value.isBlank()) {
                String problem = put(body, name, value.strip(), json);
                if (problem != null) {
                    lines.problem(row.line(), problem);
                    return;
                }
            }
        }
        lines.add(row.line(), customId, body);
    }

    /** Puts a parameter's cell into the body, typed as the API takes it; says why not, or null. */
    private static String put(ObjectNode body, String name, String value, JsonMapper json) {
        if (WHOLE_NUMBERS.contains(name) && value.matches("-?\\d{1,18}")) {
            body.put(name, Long.parseLong(value));
        } else if (BOOLEANS.contains(name) && value.matches("(?i)true|false")) {
            body.put(name, Boolean.parseBoolean(value));
        } else if (OBJECTS.contains(name)) {
            try {
                JsonNode object = json.readTree(value);
                if (!object.isObject()) {
                    return "column '" + name + "' must hold a JSON object.";
                }
                body.set(name, object);
            } catch (JacksonException e) {
                return "column '" + name + "' must hold a JSON object: " + e.getOriginalMessage();
            }
        } else {
            body.put(name, value);
        }
        return null;
    }
}
