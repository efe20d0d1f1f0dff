package io.darkroom.api.batches;

import io.darkroom.api.jobs.HostedImages;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.JobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished batch's output and error files, JSONL in OpenAI's output-line shape
 * {@code {id, custom_id, response: {status_code, request_id, body}, error}}: succeeded lines to the output
 * file; failed ones, and lines refused up front (with {@code run_valid_lines}), to the error file.
 */
@Component
class BatchOutput {

    /** Codes of lines the batch stopped (cancel, expiry) before they ran; OpenAI's non-HTTP line errors. */
    private static final Set<String> STOPPED_BY_BATCH = Set.of("batch_cancelled", "batch_expired");

    private final HostedImages hosted;
    private final JsonMapper json;

    BatchOutput(HostedImages hosted, JsonMapper json) {
        this.hosted = hosted;
        this.json = json;
    }

    /** The two files' content; either may be empty. */
    record Files(String output, String errors) {
    }

    /**
     * @param refused  the lines refused up front (stored line errors), or empty
     * @param lines    the batch's lines, {@code [custom_id, job_id]}, in input order
     * @param lineJobs their jobs, null for one that is gone
     * @param missing  what a line whose job is gone (or was never queued) failed of
     */
    Files of(String batchId, List<Map<String, Object>> refused, List<String[]> lines, List<Job> lineJobs, JobError missing) {
        StringBuilder output = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        for (Map<String, Object> line : refused) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", "batch_req_" + batchId.substring(6) + "_line_" + line.get("line"));
            row.put("custom_id", line.get("custom_id"));
            row.put("response", null);
            row.put("error", Map.of("code", line.get("code"), "message", line.get("message")));
            errors.append(json.writeValueAsString(row)).append('\n');
        }
        for (int index = 0; index < lines.size(); index++) {
            Job job = lineJobs.get(index);
            String row = json.writeValueAsString(row(lines.get(index)[0], lines.get(index)[1], job, missing));
            (job != null && job.status() == JobStatus.SUCCEEDED ? output : errors).append(row).append('\n');
        }
        return new Files(output.toString(), errors.toString());
    }

    /**
     * One line's row, as the output file (succeeded) or the error file (anything else) holds it.
     *
     * @param job     the line's job, null when it is gone
     * @param missing what a line without a job failed of
     */
    Map<String, Object> row(String customId, String jobId, Job job, JobError missing) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", "batch_req_" + jobId.substring(4));
        row.put("custom_id", customId);
        if (job != null && job.status() == JobStatus.SUCCEEDED) {
            row.put("response", Map.of("status_code", 200, "request_id", job.id(), "body", Map.of(
                    "created", job.finishedAt().getEpochSecond(),
                    "data", job.result().images().stream().map(image -> Map.of("url", hosted.urlOf(image))).toList())));
            row.put("error", null);
            return row;
        }
        JobError error = job == null || job.error() == null ? missing : job.error();
        if (STOPPED_BY_BATCH.contains(error.code())) {
            // Never executed: OpenAI writes no response, only the line's error.
            row.put("response", null);
            row.put("error", Map.of("code", error.code(), "message", error.message()));
        } else {
            row.put("response", Map.of("status_code", 500, "request_id", jobId, "body",
                    Map.of("error", Map.of("message", error.message(), "type", "server_error", "code", error.code()))));
            row.put("error", null);
        }
        return row;
    }
}
