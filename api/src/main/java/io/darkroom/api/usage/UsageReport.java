package io.darkroom.api.usage;

import io.darkroom.api.errors.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/**
 * Usage in the shape of OpenAI's organization usage and costs APIs: a page of daily buckets, each with one
 * result per group ({@code group_by} of {@code model}, {@code provider}, and for admins {@code key_id}).
 */
final class UsageReport {

    static final int DEFAULT_BUCKETS = 7;
    static final int MAX_BUCKETS = 31;
    private static final Set<String> CALLER_GROUPS = Set.of("model", "provider");
    private static final Set<String> ADMIN_GROUPS = Set.of("model", "provider", "key_id");
    private static final long DAY_SECONDS = 86_400;

    private UsageReport() {
    }

    /** The query, checked: each bad parameter is a 400 naming it. */
    record Query(long startDay, long endDay, int limit, List<String> groupBy) {

        static Query of(Long startTime, Long endTime, String bucketWidth, List<String> groupBy, Integer limit, boolean admin) {
            if (startTime == null) {
                throw invalid("start_time", "missing_required_parameter", "Missing required parameter: 'start_time' (Unix seconds).");
            }
            long end = endTime == null ? Instant.now().getEpochSecond() : endTime;
            if (startTime < 0 || end <= startTime) {
                throw invalid(endTime == null ? "start_time" : "end_time", "invalid_value", "'end_time' must be after 'start_time'.");
            }
            if (bucketWidth != null && !bucketWidth.equals("1d")) {
                throw invalid("bucket_width", "invalid_value", "Invalid value: '" + bucketWidth + "'. Supported values are: '1d'.");
            }
            int buckets = limit == null ? DEFAULT_BUCKETS : limit;
            if (buckets < 1 || buckets > MAX_BUCKETS) {
                throw invalid("limit", "invalid_value", "'limit' must be from 1 to " + MAX_BUCKETS + ".");
            }
            List<String> groups = groupBy == null ? List.of() : groupBy.stream().flatMap(value -> List.of(value.split(",")).stream())
                    .map(String::strip).filter(value -> !value.isEmpty()).distinct().toList();
            Set<String> allowed = admin ? ADMIN_GROUPS : CALLER_GROUPS;
            for (String group : groups) {
                if (!allowed.contains(group)) {
                    throw invalid("group_by", "invalid_value", "Invalid value: '" + group + "'. Supported values are: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ".");
                }
            }
            return new Query(Math.floorDiv(startTime, DAY_SECONDS), Math.floorDiv(end - 1, DAY_SECONDS), buckets, groups);
        }
    }

    /** A page of buckets from {@code query.startDay()}, each day's lines read by {@code linesOf}. */
    static Map<String, Object> page(Query query, Function<Long, Collection<UsageLedger.Line>> linesOf) {
        List<Map<String, Object>> buckets = new ArrayList<>();
        long day = query.startDay();
        for (; day <= query.endDay() && buckets.size() < query.limit(); day++) {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("object", "bucket");
            bucket.put("start_time", day * DAY_SECONDS);
            bucket.put("end_time", (day + 1) * DAY_SECONDS);
            bucket.put("results", results(linesOf.apply(day), query.groupBy()));
            buckets.add(bucket);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("object", "page");
        page.put("data", buckets);
        page.put("has_more", day <= query.endDay());
        page.put("next_page", day <= query.endDay() ? Long.toString(day * DAY_SECONDS) : null);
        return page;
    }

    private static List<Map<String, Object>> results(Collection<UsageLedger.Line> lines, List<String> groupBy) {
        Map<List<String>, Totals> groups = new LinkedHashMap<>();
        for (UsageLedger.Line line : lines) {
            List<String> key = groupBy.stream().map(group -> switch (group) {
                case "model" -> line.model();
                case "provider" -> line.provider();
                default -> line.owner();
            }).toList();
            groups.computeIfAbsent(key, k -> new Totals()).add(line);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        groups.forEach((key, totals) -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("object", "darkroom.usage.result");
            result.put("images", totals.images);
            result.put("num_model_requests", totals.jobs());
            result.put("jobs", Map.of("succeeded", totals.succeeded, "failed", totals.failed, "canceled", totals.canceled));
            result.put("cost_usd", totals.cost);
            result.put("amount", Map.of("value", totals.cost, "currency", "usd"));
            result.put("model", groupBy.contains("model") ? key.get(groupBy.indexOf("model")) : null);
            result.put("provider", groupBy.contains("provider") ? key.get(groupBy.indexOf("provider")) : null);
            if (groupBy.contains("key_id")) {
                result.put("key_id", key.get(groupBy.indexOf("key_id")));
            }
            results.add(result);
        });
        return results;
    }

    private static final class Totals {
        long images;
        long succeeded;
        long failed;
        long canceled;
        BigDecimal cost = BigDecimal.ZERO;

        void add(UsageLedger.Line line) {
            images += line.images();
            switch (line.status()) {
                case "succeeded" -> succeeded += line.jobs();
                case "failed" -> failed += line.jobs();
                default -> canceled += line.jobs();
            }
            cost = cost.add(line.costUsd());
        }

        long jobs() {
            return succeeded + failed + canceled;
        }
    }

    private static ApiException invalid(String param, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, code, message);
    }
}
