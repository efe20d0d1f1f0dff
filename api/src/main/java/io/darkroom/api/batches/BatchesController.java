package io.darkroom.api.batches;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Ids;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ModelCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * OpenAI's Batch API for {@code /v1/images/generations}: every line is checked up front (a file with bad
 * lines fails with one error per line), then each becomes a job on the bulk lane, which never holds up
 * interactive calls ({@link BatchSubmission}). Progress is what the lines' jobs counted into the batch as
 * they became final; once they all are, the output and error files are written ({@link BatchOutput}). Cancel stops every line not yet finished; so does the end of the
 * 24-hour completion window, after which the batch is {@code expired} with the finished lines' output kept.
 */
@RestController
class BatchesController {

    private static final String ENDPOINT = "/v1/images/generations";
    static final Duration COMPLETION_WINDOW = Duration.ofHours(24);
    /** Errors about the file as a whole: no run of "the valid lines" makes sense with them. */
    private static final Set<String> FILE_ERRORS = Set.of("too_many_lines", "empty_file");

    private final FileStore files;
    private final BatchStore batches;
    private final BatchSubmission submission;
    private final BatchOutput output;
    private final RedisJobStore jobs;
    private final ModelCatalog catalog;
    private final JsonMapper json;

    BatchesController(FileStore files, BatchStore batches, BatchSubmission submission, BatchOutput output, RedisJobStore jobs,
            ModelCatalog catalog, JsonMapper json) {
        this.files = files;
        this.batches = batches;
        this.submission = submission;
        this.output = output;
        this.jobs = jobs;
        this.catalog = catalog;
        this.json = json;
    }

    /**
     * @param runValidLines Darkroom's extension: when true, a file with refused lines still runs its valid
     *                      ones; the refused lines are listed in {@code errors}, counted as failed and written
     *                      to the error file. By default (as OpenAI) one refused line fails the whole batch.
     */
    record NewBatch(String inputFileId, String endpoint, String completionWindow, Map<String, String> metadata, Boolean runValidLines) {
    }

    @PostMapping("/v1/batches")
    Map<String, Object> create(@RequestBody NewBatch body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        if (!ENDPOINT.equals(body.endpoint())) {
            throw invalid("endpoint", "Darkroom runs batches of '" + ENDPOINT + "'.");
        }
        if (body.completionWindow() != null && !"24h".equals(body.completionWindow())) {
            throw invalid("completion_window", "The completion window is '24h'.");
        }
        byte[] input = files.content(caller.keyId(), String.valueOf(body.inputFileId()))
                .orElseThrow(() -> invalid("input_file_id", "No file '" + body.inputFileId() + "' for this key."));
        String id = Ids.newBatchId();
        Instant now = Instant.now();
        Map<String, String> fields = new HashMap<>(Map.of("id", id, "owner", caller.keyId(), "input_file_id", body.inputFileId(),
                "endpoint", ENDPOINT, "created_at", Long.toString(now.getEpochSecond()),
                "metadata", json.writeValueAsString(body.metadata() == null ? Map.of() : body.metadata())));
        BatchLines lines = BatchLines.read(input, ENDPOINT, json, catalog);
        boolean skipRefused = Boolean.TRUE.equals(body.runValidLines()) && !lines.lines.isEmpty()
                && lines.errors.stream().noneMatch(error -> FILE_ERRORS.contains(error.code()));
        if (!lines.errors.isEmpty() && !skipRefused) {
            fields.putAll(Map.of("status", "failed", "failed_at", Long.toString(now.getEpochSecond()), "total", "0",
                    "errors", json.writeValueAsString(lines.errors)));
            batches.save(caller.keyId(), id, fields);
            return view(batches.find(caller.keyId(), id).orElseThrow(), null);
        }
        fields.putAll(Map.of("status", "in_progress", "in_progress_at", Long.toString(now.getEpochSecond()),
                "total", Integer.toString(lines.lines.size() + lines.errors.size())));
        if (!lines.errors.isEmpty()) {
            fields.putAll(Map.of("errors", json.writeValueAsString(lines.errors), "refused", Integer.toString(lines.errors.size())));
        }
        batches.save(caller.keyId(), id, fields);
        batches.open(id, now.plus(COMPLETION_WINDOW));
        List<String> jobIds = submission.submitAll(caller, id, lines.lines);
        batches.addLines(id, lines.lines.stream().map(BatchLines.Line::customId).toList(), jobIds);
        if ("cancelling".equals(batches.find(caller.keyId(), id).orElseThrow().get("status"))) {
            // Cancelled while its lines were being submitted, before they were registered: stop them now.
            stopUnfinishedLines(batches.lines(id), new JobError("batch_cancelled", "The batch was cancelled before this line finished."));
        }
        return get(id, caller);
    }

    @GetMapping("/v1/batches/{id}")
    Map<String, Object> get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return refresh(caller.keyId(), id);
    }

    /**
     * The batch as its owner sees it, brought up to date first: expired when its window ended, finalized
     * (output and error files written, once) when every line is final. Readers and the sweeper both call it.
     */
    Map<String, Object> refresh(String owner, String id) {
        Map<String, String> batch = batches.find(owner, id).orElseThrow(() -> ApiException.notFound("batch", id));
        if (!List.of("in_progress", "cancelling", "expiring").contains(batch.get("status"))) {
            return view(batch, null);
        }
        if ("in_progress".equals(batch.get("status")) && !Instant.now().isBefore(expiresAt(batch))) {
            batch.put("status", "expiring");
            batches.update(id, Map.of("status", "expiring"));
            stopUnfinishedLines(batches.lines(id), new JobError("batch_expired",
                    "This request could not be executed before the completion window expired."));
            batch = batches.find(owner, id).orElseThrow();
        }
        int[] counts = countersOf(batch);
        int total = Integer.parseInt(batch.get("total"));
        List<String[]> lines = null;
        List<Job> lineJobs = null;
        if (!"in_progress".equals(batch.get("status")) && counts[0] + counts[1] < total) {
            // Stopping (cancel, expiry): a line whose job expired with the retention never counts itself.
            lines = batches.lines(id);
            lineJobs = jobsOf(lines);
            counts = counts(lineJobs);
            counts[1] += Integer.parseInt(batch.getOrDefault("refused", "0"));
        }
        int refused = Integer.parseInt(batch.getOrDefault("refused", "0"));
        if (counts[0] + counts[1] == total && batches.lineCount(id) == total - refused && batches.claimFinalization(id)) {
            if (lines == null) {
                lines = batches.lines(id);
                lineJobs = jobsOf(lines);
            }
            try {
                finish(owner, id, batch, lines, lineJobs);
            } catch (RuntimeException e) {
                batches.releaseFinalization(id);
                throw e;
            }
            return view(batches.find(owner, id).orElseThrow(), null);
        }
        return view(batch, counts);
    }

    /** The lines' jobs, in line order; null for one that expired. */
    private List<Job> jobsOf(List<String[]> lines) {
        return lines.stream().map(line -> jobs.find(line[1]).orElse(null)).toList();
    }

    /**
     * {completed, failed} as the lines' jobs counted them into the batch's hash when they reached a final
     * state (canceled counts as failed): exact, and one read however many lines.
     */
    private static int[] countersOf(Map<String, String> batch) {
        int succeeded = Integer.parseInt(batch.getOrDefault("done_succeeded", "0"));
        int failed = Integer.parseInt(batch.getOrDefault("done_failed", "0")) + Integer.parseInt(batch.getOrDefault("done_canceled", "0"))
                + Integer.parseInt(batch.getOrDefault("refused", "0"));
        return new int[] {succeeded, failed};
    }

    /** The caller's batches, newest first, a page of {@code limit} (1-100, default 20) after the batch {@code after}. */
    @GetMapping("/v1/batches")
    Map<String, Object> list(@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        int size = pageSize(limit);
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

    private static int pageSize(String limit) {
        if (limit == null) {
            return 20;
        }
        try {
            int size = Integer.parseInt(limit.strip());
            if (size >= 1 && size <= 100) {
                return size;
            }
        } catch (NumberFormatException notANumber) {
            // answered below with the same message as an out-of-range number
        }
        throw invalid("limit", "'limit' is a whole number from 1 to 100.");
    }

    @PostMapping("/v1/batches/{id}/cancel")
    Map<String, Object> cancel(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        Map<String, String> batch = batches.find(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("batch", id));
        if (!"in_progress".equals(batch.get("status"))) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", null, "batch_not_cancellable",
                    "The batch " + id + " is " + batch.get("status") + ".");
        }
        batches.update(id, Map.of("status", "cancelling", "cancelling_at", Long.toString(Instant.now().getEpochSecond())));
        stopUnfinishedLines(batches.lines(id), new JobError("batch_cancelled", "The batch was cancelled before this line finished."));
        return get(id, caller);
    }

    /** Cancels every line's job that is not final yet; finished lines keep their results. */
    private void stopUnfinishedLines(List<String[]> lines, JobError reason) {
        for (String[] line : lines) {
            jobs.cancel(line[1], reason);
        }
    }

    private static Instant expiresAt(Map<String, String> batch) {
        return Instant.ofEpochSecond(Long.parseLong(batch.get("created_at"))).plus(COMPLETION_WINDOW);
    }

    private void finish(String owner, String id, Map<String, String> batch, List<String[]> lines, List<Job> lineJobs) {
        BatchOutput.Files written = output.of(id, batch.containsKey("refused") ? lineErrors(batch) : List.of(), lines, lineJobs);
        Map<String, String> done = new HashMap<>();
        String now = Long.toString(Instant.now().getEpochSecond());
        String status = switch (batch.get("status")) {
            case "cancelling" -> "cancelled";
            case "expiring" -> "expired";
            default -> "completed";
        };
        done.put("status", status);
        done.put(status + "_at", now);
        done.put("finalizing_at", now);
        int[] counts = counts(lineJobs);
        done.put("completed", Integer.toString(counts[0]));
        done.put("failed", Integer.toString(counts[1] + Integer.parseInt(batch.getOrDefault("refused", "0"))));
        if (!written.output().isEmpty()) {
            done.put("output_file_id", files.save(owner, id + "_output.jsonl", "batch_output",
                    written.output().getBytes(StandardCharsets.UTF_8)).id());
        }
        if (!written.errors().isEmpty()) {
            done.put("error_file_id", files.save(owner, id + "_error.jsonl", "batch_output",
                    written.errors().getBytes(StandardCharsets.UTF_8)).id());
        }
        batches.update(id, done);
        batches.close(id);
    }

    /** {succeeded, failed or canceled} among the lines' jobs; a missing (expired) job counts as failed. */
    private static int[] counts(List<Job> lineJobs) {
        int completed = 0;
        int failed = 0;
        for (Job job : lineJobs) {
            if (job == null || job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELED) {
                failed++;
            } else if (job.status() == JobStatus.SUCCEEDED) {
                completed++;
            }
        }
        return new int[] {completed, failed};
    }

    private Map<String, Object> view(Map<String, String> batch, int[] liveCounts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", batch.get("id"));
        view.put("object", "batch");
        view.put("endpoint", batch.get("endpoint"));
        view.put("input_file_id", batch.get("input_file_id"));
        view.put("completion_window", "24h");
        // While its unfinished lines are being stopped an expiring batch shows as finalizing: OpenAI has no other name for it.
        view.put("status", "expiring".equals(batch.get("status")) ? "finalizing" : batch.get("status"));
        view.put("output_file_id", batch.get("output_file_id"));
        view.put("error_file_id", batch.get("error_file_id"));
        for (String time : List.of("created_at", "in_progress_at", "finalizing_at", "completed_at", "failed_at", "expired_at",
                "cancelling_at", "cancelled_at")) {
            view.put(time, batch.containsKey(time) ? Long.parseLong(batch.get(time)) : null);
        }
        view.put("expires_at", expiresAt(batch).getEpochSecond());
        int total = Integer.parseInt(batch.getOrDefault("total", "0"));
        int completed = liveCounts != null ? liveCounts[0] : Integer.parseInt(batch.getOrDefault("completed", "0"));
        int failed = liveCounts != null ? liveCounts[1] : Integer.parseInt(batch.getOrDefault("failed", "0"));
        view.put("request_counts", Map.of("total", total, "completed", completed, "failed", failed));
        view.put("metadata", json.readValue(batch.getOrDefault("metadata", "{}"), Map.class));
        if (batch.containsKey("errors")) {
            view.put("errors", Map.of("object", "list", "data", lineErrors(batch)));
        }
        return view;
    }

    /** The batch's stored line errors: {@code {line, custom_id, param, code, message}}, absent fields left out. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> lineErrors(Map<String, String> batch) {
        return json.readValue(batch.get("errors"), List.class);
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value", message);
    }
}
