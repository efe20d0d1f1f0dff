package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;

import java.nio.charset.StandardCharsets;

/** Batch input files for the tests: lines of the generations endpoint, uploaded as the dev key's. */
final class BatchInputs {

    private BatchInputs() {
    }

    /** Uploads {@code jsonl} as a batch input file: its file id. */
    static String upload(Darkroom darkroom, String jsonl) {
        return upload(darkroom, DEV_KEY, jsonl);
    }

    /** Uploads {@code jsonl} as a batch input file of the key {@code key}: its file id. */
    static String upload(Darkroom darkroom, String key, String jsonl) {
        Multipart form = new Multipart().field("purpose", "batch").file("file", "input.jsonl", "application/jsonl",
                jsonl.getBytes(StandardCharsets.UTF_8));
        return darkroom.json(darkroom.postMultipart("/v1/files", form, auth(key))).get("id").asString();
    }

    /** A line generating one 256x256 image of {@code prompt} with the local model. */
    static String line(String customId, String prompt) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/images/generations\","
                + " \"body\": {\"model\": \"local/fast\", \"prompt\": \"" + prompt + "\", \"size\": \"256x256\"}}\n";
    }
}
