package io.darkroom.cli.batch;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints the lines Darkroom refused when it checked a batch up front ({@code errors.data[]}: {@code line, code,
 * param, message}), each as {@code file:line (custom_id ...): param: message [code]} with the line of the user's
 * input file, not of the uploaded JSONL, and the parameter as the user wrote it ({@code size}, not {@code body.size}).
 */
final class ValidationReport {

    private ValidationReport() {
    }

    /** Prints every error of {@code batch}; {@code uploaded} is the batch's input file, to map its lines back. */
    static int print(JsonNode batch, String uploaded, PromptFile prompts, PrintWriter err, JsonMapper json) {
        String[] uploadedLines = uploaded.split("\n");
        int count = 0;
        for (JsonNode error : batch.path("errors").path("data")) {
            int number = error.path("line").asInt(0);
            String where = "line " + number + " of the uploaded batch";
            if (number >= 1 && number <= uploadedLines.length) {
                String customId = OutputRow.text(json.readTree(uploadedLines[number - 1]), "custom_id");
                where = prompts.line(String.valueOf(customId))
                        .map(line -> prompts.name() + ":" + line.line() + " (custom_id " + line.customId() + ")").orElse(where);
            }
            String param = OutputRow.text(error, "param");
            param = param == null || "null".equals(param) ? "" : param.replaceFirst("^body\\.", "") + ": ";
            err.println(where + ": " + param + error.path("message").asString("refused") + " ["
                    + error.path("code").asString("invalid") + "]");
            count++;
        }
        err.flush();
        return count;
    }
}
