package io.darkroom.cli.batch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One line of a batch's output or error file, in OpenAI's shape {@code {id, custom_id, response: {status_code,
 * request_id, body}, error}}: the images of a line that succeeded, or why it did not.
 *
 * @param customId the line's {@code custom_id}
 * @param images   its images, in order (empty when it failed)
 * @param error    why it failed, or null
 */
record OutputRow(String customId, List<Image> images, BatchState.LineError error) {

    /** An image as the response gives it: a URL to fetch, or the bytes in base64. */
    record Image(String url, String b64Json) {
    }

    static OutputRow parse(JsonNode row) {
        String customId = text(row, "custom_id");
        JsonNode error = row.path("error");
        if (error.isObject()) {
            return failed(customId, error, "line_error");
        }
        JsonNode response = row.path("response");
        int status = response.path("status_code").asInt(0);
        JsonNode body = response.path("body");
        if (status != 200) {
            return body.path("error").isObject() ? failed(customId, body.get("error"), "http_" + status)
                    : new OutputRow(customId, List.of(), new BatchState.LineError("http_" + status,
                            "The line's request answered " + status + "."));
        }
        List<Image> images = new ArrayList<>();
        for (JsonNode datum : body.path("data")) {
            images.add(new Image(text(datum, "url"), text(datum, "b64_json")));
        }
        if (images.isEmpty()) {
            return new OutputRow(customId, List.of(), new BatchState.LineError("no_images", "The line succeeded without images."));
        }
        return new OutputRow(customId, images, null);
    }

    /** A field's text, or null when it is missing, null or not text. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static OutputRow failed(String customId, JsonNode error, String defaultCode) {
        return new OutputRow(customId, List.of(), new BatchState.LineError(error.path("code").asString(defaultCode),
                error.path("message").asString("No message.")));
    }
}
