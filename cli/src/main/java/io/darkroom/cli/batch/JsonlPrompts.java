package io.darkroom.cli.batch;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSONL input: each non-blank line an object, either OpenAI's full batch line {@code {custom_id, method, url, body}}
 * (any line with a {@code body}) or the body itself with an optional {@code custom_id}.
 */
final class JsonlPrompts {

    private JsonlPrompts() {
    }

    static void read(String text, PromptFile.Lines lines, JsonMapper json) {
        String[] rows = text.split("\\R", -1);
        for (int index = 0; index < rows.length; index++) {
            if (!rows[index].isBlank()) {
                readLine(index + 1, rows[index], lines, json);
            }
        }
    }

    private static void readLine(int number, String row, PromptFile.Lines lines, JsonMapper json) {
        JsonNode node;
        try {
            node = json.readTree(row);
        } catch (JacksonException e) {
            lines.problem(number, "not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            lines.problem(number, "not a JSON object.");
            return;
        }
        JsonNode customId = object.remove("custom_id");
        if (customId != null && (!customId.isString() || customId.asString().isBlank())) {
            lines.problem(number, "custom_id must be a non-empty string.");
            return;
        }
        ObjectNode body = object;
        if (object.has("body")) {
            if (!(object.get("body") instanceof ObjectNode given)) {
                lines.problem(number, "body must be a JSON object.");
                return;
            }
            String problem = wrongRequest(object);
            if (problem != null) {
                lines.problem(number, problem);
                return;
            }
            body = given;
        }
        lines.add(number, customId == null ? null : customId.asString(), body);
    }

    /** Why a full batch line is not one of {@code POST /v1/images/generations}, or null. */
    private static String wrongRequest(ObjectNode line) {
        String method = line.path("method").asString("POST");
        String url = line.path("url").asString(PromptLine.ENDPOINT);
        if (!"POST".equals(method) || !PromptLine.ENDPOINT.equals(url)) {
            return "the request is " + method + " " + url + "; a batch runs POST " + PromptLine.ENDPOINT + ".";
        }
        return null;
    }
}
