package io.darkroom.api.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.PageSize;
import io.darkroom.infra.jobs.OwnerJobIndex;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/jobs}: the caller's own jobs, newest first, in OpenAI's list shape, each as
 * {@code GET /v1/jobs/{id}} shows it. Filters: {@code status}, {@code model}, {@code batch},
 * {@code created_after} and {@code created_before} (Unix seconds, exclusive); paging: {@code after} (the
 * {@code last_id} of the previous page) and {@code limit} (1-100, default 20). With a filter, a page examines at
 * most {@value OwnerJobIndex#MAX_EXAMINED} of the caller's jobs, so it may hold fewer than {@code limit} while
 * {@code has_more} is true; {@code last_id} then continues after the last job examined (decision 024).
 */
@RestController
@Tag(name = Tags.JOBS)
class JobListController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Pattern BATCH_ID = Pattern.compile("batch_[A-Za-z0-9_-]{1,64}");
    private static final String STATUSES = Arrays.stream(JobStatus.values()).map(JobStatus::wireName)
            .collect(Collectors.joining("', '", "'", "'"));

    private final OwnerJobIndex index;
    private final RedisJobStore jobs;
    private final JobViews views;
    private final ModelCatalog catalog;

    JobListController(StringRedisTemplate redis, Names names, RedisJobStore jobs, JobViews views, ModelCatalog catalog) {
        this.index = new OwnerJobIndex(redis, names);
        this.jobs = jobs;
        this.views = views;
        this.catalog = catalog;
    }

    @Operation(operationId = "listJobs", summary = "List the caller's jobs", description = """
            Newest first, in OpenAI's list shape; filter by `status`, `model`, `batch` and a created range (Unix seconds); \
            page with `after` (the previous page's `last_id`) and `limit` (1-100, default 20).""")
    @ApiResponse(responseCode = "200", description = "A page of jobs.")
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @GetMapping("/v1/jobs")
    JobList list(@RequestParam(required = false) String status, @RequestParam(required = false) String model,
            @RequestParam(required = false) String batch, @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore,
            @RequestParam(required = false) String after, @RequestParam(required = false) String limit,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        OwnerJobIndex.Filter filter = new OwnerJobIndex.Filter(status(status), model(model), batch(batch),
                unixSeconds("created_after", createdAfter), unixSeconds("created_before", createdBefore));
        int size = PageSize.parse(limit, MAX_LIMIT, DEFAULT_LIMIT);
        String from = blankAsAbsent(after);
        OwnerJobIndex.Page page = index.page(caller.keyId(), filter, from, size).orElseThrow(() -> invalid("after",
                "No job '" + from + "' to list after for this key: it never existed, is another key's, or has expired."));
        // A job listed may have expired, or changed status, since the index read it: it is then left out.
        List<Job> listed = page.jobIds().stream().map(jobs::find).flatMap(Optional::stream)
                .filter(job -> caller.keyId().equals(job.owner()) && (filter.status() == null || filter.status() == job.status()))
                .toList();
        return new JobList("list", listed.stream().map(views::of).toList(), listed.isEmpty() ? null : listed.getFirst().id(),
                page.cursor(), page.hasMore());
    }

    /** OpenAI's list shape: {@code first_id} and {@code last_id} are written even when null (an empty page). */
    record JobList(String object, List<Object> data, @JsonInclude(JsonInclude.Include.ALWAYS) String firstId,
            @JsonInclude(JsonInclude.Include.ALWAYS) String lastId, boolean hasMore) {
    }

    private static JobStatus status(String status) {
        String given = blankAsAbsent(status);
        if (given == null) {
            return null;
        }
        return Arrays.stream(JobStatus.values()).filter(each -> each.wireName().equals(given)).findFirst()
                .orElseThrow(() -> invalid("status", "Invalid 'status' '" + given + "': one of " + STATUSES + "."));
    }

    private String model(String model) {
        String given = blankAsAbsent(model);
        if (given == null) {
            return null;
        }
        return catalog.find(given).map(io.darkroom.model.ModelSpec::id)
                .orElseThrow(() -> invalid("model", "No model '" + given + "' in this Darkroom's catalog (GET /v1/models)."));
    }

    private static String batch(String batch) {
        String given = blankAsAbsent(batch);
        if (given != null && !BATCH_ID.matcher(given).matches()) {
            throw invalid("batch", "Invalid 'batch' '" + given + "': a batch id, such as 'batch_abc123'.");
        }
        return given;
    }

    private static Instant unixSeconds(String param, String value) {
        String given = blankAsAbsent(value);
        if (given == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(given);
            if (seconds >= 0 && seconds <= Instant.MAX.getEpochSecond() / 1000) {
                return Instant.ofEpochSecond(seconds);
            }
        } catch (NumberFormatException notANumber) {
            // answered below with the same message as a negative number
        }
        throw invalid(param, "'" + param + "' is a time in Unix seconds, a whole number such as 1735689600.");
    }

    private static String blankAsAbsent(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ApiException invalid(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value", message);
    }
}
