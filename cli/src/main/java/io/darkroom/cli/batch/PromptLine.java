package io.darkroom.cli.batch;

import io.darkroom.cli.FileNames;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request of a batch as read from the input file.
 *
 * @param line     where it starts in the input file, 1-based
 * @param customId its {@code custom_id}: given in the file, or {@code line-00042} from {@code line}, so stable across runs
 * @param body     the body of {@code POST /v1/images/generations}, command-line defaults applied
 */
record PromptLine(int line, String customId, ObjectNode body) {

    static final String ENDPOINT = "/v1/images/generations";

    /** The {@code custom_id} of a line that does not name one. */
    static String defaultCustomId(int line) {
        return String.format("line-%05d", line);
    }

    /** The prompt, as text. */
    String prompt() {
        return body.path("prompt").isString() ? body.get("prompt").asString() : body.path("prompt").toString();
    }

    /** The line of the batch input file: {@code {custom_id, method, url, body}}. */
    String requestLine(JsonMapper json) {
        ObjectNode request = json.createObjectNode().put("custom_id", customId).put("method", "POST").put("url", ENDPOINT);
        request.set("body", body);
        return json.writeValueAsString(request);
    }

    /** A fingerprint of the request: a saved image stands for this line only while it is the same. */
    String requestSha256(JsonMapper json) {
        return FileNames.sha256(requestLine(json));
    }
}
