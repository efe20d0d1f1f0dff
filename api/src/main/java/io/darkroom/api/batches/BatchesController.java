package io.darkroom.api.batches;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.api.images.ImageEndpoints;
import io.darkroom.api.limits.RateLimits;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.BatchStatus;
import io.darkroom.model.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's Batch API for {@code /v1/images/generations} and {@code /v1/images/edits}. A new batch answers
 * at once as {@code validating}; {@link BatchSubmission} checks every line and queues them as bulk-lane
 * jobs, which never hold up interactive calls. Progress is what the lines' jobs counted into the batch as
 * they became final, and the finished lines' rows are readable while the batch runs
 * ({@code GET /v1/batches/{id}/results}); once every line is final the output and error files are written
 * ({@link BatchProgress}). Cancel stops every line not yet finished; so does the end of the 24-hour
 * completion window, after which the batch is {@code expired} with the finished lines' output kept.
 */
@RestController
@Tag(name = Tags.BATCHES)
class BatchesController {

    static final Duration COMPLETION_WINDOW = Duration.ofHours(24);

    private final FileStore files;
    private final BatchStore batches;
    private final BatchSubmission submission;
    private final BatchProgress progress;
    private final BatchView views;
    private final ImageEndpoints endpoints;
    private final JsonMapper json;
    private final RateLimits limits;

    BatchesController(FileStore files, BatchStore batches, BatchSubmission submission, BatchProgress progress, BatchView views,
            ImageEndpoints endpoints, JsonMapper json, RateLimits limits) {
        this.limits = limits;
        this.endpoints = endpoints;
        this.files = files;
        this.batches = batches;
        this.submission = submission;
        this.progress = progress;
        this.views = views;
        this.json = json;
    }

    /**
     * @param runValidLines Darkroom's extension: when true, a file with refused lines still runs its valid
     *                      ones; the refused lines are listed in {@code errors}, counted as failed and written
     *                      to the error file. By default (as OpenAI) one refused line fails the whole batch.
     */
    record NewBatch(String inputFileId, String endpoint, String completionWindow, Map<String, String> metadata, Boolean runValidLines) {
    }

    /**
     * The caller's limits its batch's lines are released under (decision 028), as they stand when the batch is created:
     * its tier's batch lines in flight and images per day, its budget caps; only those that limit anything.
     */
    private Map<String, String> limitsOf(Caller caller) {
        Map<String, String> limited = new HashMap<>();
        limits.tierOf(caller).ifPresent(tier -> {
            putIfLimiting(limited, RedisJobStore.LINES_IN_FLIGHT, tier.batchLinesInFlight());
            putIfLimiting(limited, RedisJobStore.IMAGES_PER_DAY, tier.imagesPerDay());
        });
        if (caller.budget() != null) {
            putIfLimiting(limited, RedisJobStore.BUDGET_DAILY_MICROS, caller.budget().dailyMicros());
            putIfLimiting(limited, RedisJobStore.BUDGET_MONTHLY_MICROS, caller.budget().monthlyMicros());
        }
        return limited;
    }

    private static void putIfLimiting(Map<String, String> limited, String field, long limit) {
        if (limit > 0) {
            limited.put(field, Long.toString(limit));
        }
    }

    @Operation(operationId = "createBatch", summary = "Create a batch", description = """
            Answers at once as `validating`; every line of the input file is then checked as its endpoint would, and queued \
            on the bulk lane. A file with refused lines fails the batch, unless `run_valid_lines` is true.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
                    examples = @ExampleObject(name = "generations", value = """
                            {"input_file_id": "file-abc123", "endpoint": "/v1/images/generations", "completion_window": "24h",
                             "metadata": {"campaign": "spring"}}"""))))
    @ApiResponse(responseCode = "200", description = "The batch, `validating`.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.BatchObject.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @PostMapping("/v1/batches")
    Map<String, Object> create(@RequestBody NewBatch body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        ImageEndpoint endpoint = endpoints.find(body.endpoint()).orElseThrow(() -> invalid("endpoint", "Darkroom runs batches of "
                + String.join(" and ", endpoints.paths().stream().map(path -> "'" + path + "'").toList()) + "."));
        if (body.completionWindow() != null && !"24h".equals(body.completionWindow())) {
            throw invalid("completion_window", "The completion window is '24h'.");
        }
        if (body.inputFileId() == null || files.find(caller.keyId(), body.inputFileId()).isEmpty()) {
            throw invalid("input_file_id", "No file '" + body.inputFileId() + "' for this key.");
        }
        String id = Ids.newBatchId();
        Instant now = Instant.now();
        Map<String, String> fields = new HashMap<>(Map.of("id", id, "owner", caller.keyId(), "input_file_id", body.inputFileId(),
                "endpoint", endpoint.path(), "created_at", Long.toString(now.getEpochSecond()), "status", BatchStatus.VALIDATING.wireName(), "total", "0",
                "metadata", json.writeValueAsString(body.metadata() == null ? Map.of() : body.metadata()),
                "run_valid_lines", Boolean.toString(Boolean.TRUE.equals(body.runValidLines()))));
        fields.putAll(limitsOf(caller));
        batches.save(caller.keyId(), id, fields);
        batches.open(id, now.plus(COMPLETION_WINDOW));
        submission.start(id);
        return views.of(fields, new int[] {0, 0});
    }

    @Operation(operationId = "retrieveBatch", summary = "Retrieve a batch", description = "Its status and `request_counts` as of now.")
    @ApiResponse(responseCode = "200", description = "The batch.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.BatchObject.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/batches/{id}")
    Map<String, Object> get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        BatchProgress.Snapshot snapshot = progress.refresh(caller.keyId(), id);
        return views.of(snapshot.batch(), snapshot.counts());
    }

    /**
     * Darkroom's extension: the batch's finished lines so far, in the order they finished, each as the row
     * the output or error file holds for it; {@code after} is the {@code next_cursor} of the previous page.
     * Readable while the batch runs, so results can be fetched as they come.
     */
    @Operation(operationId = "listBatchResults", summary = "List a batch's finished lines", description = "Darkroom's extension: the rows of the output and error files so far, in the order the lines finished; readable while the batch runs.")
    @ApiResponse(responseCode = "200", description = "A page of rows.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.ResultPage.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/batches/{id}/results")
    Map<String, Object> results(@PathVariable String id, @RequestParam(required = false) String after,
            @RequestParam(required = false) String limit, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        batches.find(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("batch", id));
        long from = cursor(after);
        List<String[]> finished = batches.finished(id, from, pageSize(limit, 1000, 100));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("object", "list");
        page.put("data", finished.stream().map(progress::rowOf).toList());
        page.put("has_more", from + finished.size() < batches.finishedCount(id));
        page.put("next_cursor", Long.toString(from + finished.size()));
        return page;
    }

    private static long cursor(String after) {
        if (after == null || after.isBlank()) {
            return 0;
        }
        try {
            long position = Long.parseLong(after.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException notACursor) {
            // answered below
        }
        throw invalid("after", "'after' is the next_cursor of a previous page of results.");
    }

    /** The caller's batches, newest first, a page of {@code limit} (1-100, default 20) after the batch {@code after}. */
    @Operation(operationId = "listBatches", summary = "List batches", description = "The key's batches, newest first.")
    @ApiResponse(responseCode = "200", description = "A page of batches.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.BatchList.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @GetMapping("/v1/batches")
    Map<String, Object> list(@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        int size = pageSize(limit, 100, 20);
        List<String> ids = batches.ids(caller.keyId());
        int start = 0;
        if (after != null) {
            start = ids.indexOf(after) + 1;
            if (start == 0) {
                throw invalid("after", "No batch '" + after + "' for this key.");
            }
        }
        List<String> page = ids.subList(start, Math.min(ids.size(), start + size));
        List<Map<String, Object>> data = page.stream().map(id -> get(id, caller)).toList();
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", data);
        list.put("first_id", page.isEmpty() ? null : page.getFirst());
        list.put("last_id", page.isEmpty() ? null : page.getLast());
        list.put("has_more", start + page.size() < ids.size());
        return list;
    }

    private static int pageSize(String limit, int max, int byDefault) {
        return io.darkroom.api.http.PageSize.parse(limit, max, byDefault);
    }

    /** Stops every line not yet finished; a batch still validating queues no more lines. 409 once the batch is past cancelling. */
    @Operation(operationId = "cancelBatch", summary = "Cancel a batch", description = "Stops every line not yet finished; 409 once the batch is past cancelling.")
    @ApiResponse(responseCode = "200", description = "The batch, `cancelling`.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = BatchSchemas.BatchObject.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ErrorResponses.CONFLICT)
    @PostMapping("/v1/batches/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        Map<String, String> batch = batches.find(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("batch", id));
        if (!batches.move(id, BatchStatus.CANCELLING, Map.of("cancelling_at", Long.toString(Instant.now().getEpochSecond())))) {
            BatchStatus status = batches.status(id).orElse(BatchStore.statusOf(batch));
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", null, "batch_not_cancellable",
                    "The batch " + id + " is " + status.openAiName() + ".");
        }
        progress.stopLines(id, BatchStatus.CANCELLING);
        return get(id, caller);
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value", message);
    }
}
