package io.darkroom.api.usage;

import io.darkroom.api.auth.AdminToken;
import io.darkroom.api.auth.Caller;
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
class UsageController {

    private final UsageLedger ledger;
    private final AdminToken adminToken;

    UsageController(UsageLedger ledger, AdminToken adminToken) {
        this.ledger = ledger;
        this.adminToken = adminToken;
    }

    @GetMapping("/v1/usage")
    Map<String, Object> usage(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
            @RequestParam(name = "start_time", required = false) Long startTime, @RequestParam(name = "end_time", required = false) Long endTime,
            @RequestParam(name = "bucket_width", required = false) String bucketWidth,
            @RequestParam(name = "group_by", required = false) List<String> groupBy, @RequestParam(required = false) Integer limit) {
        UsageReport.Query query = UsageReport.Query.of(startTime, endTime, bucketWidth, groupBy, limit, false);
        return UsageReport.page(query, day -> ledger.day(caller.keyId(), day));
    }

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
