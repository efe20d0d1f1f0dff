package io.darkroom.api.batches;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.errors.ErrorBody;
import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.InvalidRequestException;
import io.darkroom.model.ValidatedImageRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A batch input file read and checked up front, each line as the batch's {@link ImageEndpoint} checks it:
 * {@code {custom_id, method: POST, url: <endpoint>, body}}, custom ids unique, at most {@link #MAX_LINES} lines.
 * An edit's body is the JSON edit request (images as {@code image_url}: http(s) or data URI); its images
 * are loaded and checked when the batch queues it ({@link io.darkroom.api.edits.BatchEdits#load}).
 */
final class BatchLines {

    static final int MAX_LINES = 50_000;

    /**
     * One valid line.
     *
     * @param request the validated request (for an edit, its images named by parameter until loaded)
     * @param edit    for an edit, its checked body with the images to load; null when there are none
     */
    record Line(int number, String customId, ValidatedImageRequest request, ImageEndpoint.CheckedBody edit) {

        /** The same line, its images loaded and stored: ready to queue. */
        Line loaded(ValidatedImageRequest ready) {
            return new Line(number, customId, ready, null);
        }
    }

    /** One refused line: its number (1-based), custom id if any, the parameter at fault, and why. */
    record LineError(int line, String customId, String param, String code, String message) {
    }

    final List<Line> lines = new ArrayList<>();
    final List<LineError> errors = new ArrayList<>();

    /**
     * @param endpoint  the batch's endpoint, resolved once: every line must name it and is read by it
     * @param validator checks one line's request as its endpoint would: the validated request, or throws
     *                  {@link InvalidRequestException} or a 4xx {@link ApiException} naming the parameter
     */
    static BatchLines read(byte[] content, ImageEndpoint endpoint, JsonMapper json,
            Function<ImageRequest, ValidatedImageRequest> validator) {
        BatchLines batch = new BatchLines();
        Set<String> customIds = new HashSet<>();
        String[] rows = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        int number = 0;
        for (String row : rows) {
            number++;
            if (row.isBlank()) {
                continue;
            }
            if (batch.lines.size() + batch.errors.size() >= MAX_LINES) {
                batch.errors.add(new LineError(number, null, null, "too_many_lines", "A batch may have at most " + MAX_LINES + " lines."));
                break;
            }
            batch.check(number, row, endpoint, customIds, json, validator);
        }
        if (batch.lines.isEmpty() && batch.errors.isEmpty()) {
            batch.errors.add(new LineError(1, null, null, "empty_file", "The input file has no lines."));
        }
        return batch;
    }

    private void check(int number, String row, ImageEndpoint endpoint, Set<String> customIds, JsonMapper json,
            Function<ImageRequest, ValidatedImageRequest> validator) {
        JsonNode line;
        try {
            line = json.readTree(row);
        } catch (JacksonException e) {
            errors.add(new LineError(number, null, null, "invalid_json", "Line " + number + " is not valid JSON."));
            return;
        }
        String customId = line.path("custom_id").asString("");
        if (customId.isBlank() || !customIds.add(customId)) {
            errors.add(new LineError(number, customId, "custom_id", "invalid_value", "Each line needs a custom_id, unique in the file."));
            return;
        }
        if (!"POST".equals(line.path("method").asString("")) || !endpoint.path().equals(line.path("url").asString(""))) {
            errors.add(new LineError(number, customId, "url", "invalid_value", "Each line must be POST " + endpoint.path() + "."));
            return;
        }
        try {
            ImageEndpoint.CheckedBody checked = endpoint.check(line.path("body"), json, validator);
            if (checked.request().streams()) {
                throw new InvalidRequestException("stream", "unsupported_parameter", "Batch lines cannot stream.");
            }
            lines.add(new Line(number, customId, checked.request(), checked.hasImagesToLoad() ? checked : null));
        } catch (InvalidRequestException e) {
            errors.add(new LineError(number, customId, "body." + e.param(), e.code(), e.getMessage()));
        } catch (ApiException e) {
            ErrorBody.Detail refused = e.body().error();
            errors.add(new LineError(number, customId, refused.param() == null ? "body" : "body." + refused.param(), refused.code(),
                    refused.message()));
        } catch (JacksonException e) {
            errors.add(new LineError(number, customId, "body", "invalid_body", "The body of line " + number + " is not a valid request: "
                    + e.getOriginalMessage()));
        }
    }
}
