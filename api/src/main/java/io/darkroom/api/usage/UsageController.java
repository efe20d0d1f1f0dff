package io.darkroom.api.usage;

import io.darkroom.api.auth.AdminToken;
import io.darkroom.api.auth.Caller;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/usage} (the caller's images, jobs by final state and cost, in daily buckets) and
 * {@code GET /admin/usage} (the same across keys, {@code group_by=key_id} to split them, {@code key_id} to pick
 * one), shaped as OpenAI's organization usage and costs APIs.
 */
@RestController
@Tag(name = Tags.USAGE)
class UsageController {

    /** The page's shape, for the OpenAPI description (the answer is built as a map by {@link UsageReport}). */
    @Schema(name = "UsagePage")
    record UsagePage(String object, List<Bucket> data, boolean hasMore, String nextPage) {

        record Bucket(String object, long startTime, long endTime, List<Result> results) {
        }

        record Result(String object, long images, long numModelRequests, Map<String, Long> jobs, java.math.BigDecimal costUsd,
                Map<String, Object> amount, String model, String provider, String keyId) {
        }
    }

    private final UsageLedger ledger;
    private final AdminToken adminToken;

    UsageController(UsageLedger ledger, AdminToken adminToken) {
        this.ledger = ledger;
        this.adminToken = adminToken;
    }

    @Operation(operationId = "getUsage", summary = "The caller's usage and costs", description = """
            Images, jobs by final state and cost (USD) in daily UTC buckets from `start_time`, in the shape of OpenAI's \
            organization usage and costs APIs; each job is counted once, when it became final.""")
    @ApiResponse(responseCode = "200", description = "A page of daily buckets.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UsagePage.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @GetMapping("/v1/usage")
    Map<String, Object> usage(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(name = "start_time", required = false) Long startTime, @RequestParam(name = "end_time", required = false) Long endTime,
            @RequestParam(name = "bucket_width", required = false) String bucketWidth,
            @RequestParam(name = "group_by", required = false) List<String> groupBy, @RequestParam(required = false) Integer limit) {
        UsageReport.Query query = UsageReport.Query.of(startTime, endTime, bucketWidth, groupBy, limit, false);
        return UsageReport.page(query, day -> ledger.day(caller.keyId(), day));
    }

    @Operation(operationId = "getAllUsage", summary = "Usage and costs across keys",
            description = "As `GET /v1/usage`, for every key; `group_by=key_id` splits the results by key, `key_id` picks one key.")
    @ApiResponse(responseCode = "200", description = "A page of daily buckets.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = UsagePage.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @GetMapping("/admin/usage")
    Map<String, Object> adminUsage(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "start_time", required = false) Long startTime, @RequestParam(name = "end_time", required = false) Long endTime,
            @RequestParam(name = "bucket_width", required = false) String bucketWidth,
            @RequestParam(name = "group_by", required = false) List<String> groupBy, @RequestParam(required = false) Integer limit,
            @RequestParam(name = "key_id", required = false) String keyId) {
        adminToken.require(authorization);
        UsageReport.Query query = UsageReport.Query.of(startTime, endTime, bucketWidth, groupBy, limit, true);
        return UsageReport.page(query, day -> {
            List<UsageLedger.Line> lines = new ArrayList<>();
            for (String owner : keyId == null ? ledger.ownersOn(day) : java.util.Set.of(keyId)) {
                lines.addAll(ledger.day(owner, day));
            }
            return lines;
        });
    }
}
