package io.darkroom.api.limits;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Job;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Names;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import io.darkroom.infra.jobs.BudgetPeriods;
import io.darkroom.infra.webhooks.WebhookTrigger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spend caps per API key (per UTC day and per month, USD). A job's expected cost is reserved when it is accepted
 * ({@code reserve.lua}), so concurrent requests never together pass a cap; the job's final move releases the
 * reservation and counts what it really cost (transition.lua). At a cap, new work is refused with OpenAI's
 * 429 {@code insufficient_quota}, before anything is sent upstream. A job that takes a period past 80 % of its cap
 * sends the key's {@code budget.threshold} webhook event, once per period. See decision 026.
 */
@Component
public class Budgets {

    private static final Logger log = LoggerFactory.getLogger(Budgets.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = LuaScripts.load("io/darkroom/api/limits/reserve.lua", List.class);
    private static final RedisScript<Long> RELEASE = LuaScripts.load("io/darkroom/api/limits/release.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final MeterRegistry meters;
    private final ModelCatalog catalog;
    private final WebhookTrigger webhooks;
    private final JsonMapper json;

    Budgets(StringRedisTemplate redis, Names names, MeterRegistry meters, ModelCatalog catalog, WebhookTrigger webhooks, JsonMapper json) {
        this.webhooks = webhooks;
        this.json = json;
        this.catalog = catalog;
        this.redis = redis;
        this.names = names;
        this.meters = meters;
    }

    /**
     * Reserves the job's expected cost (the catalog's price for its first provider, size, quality and {@code n})
     * against the caller's caps; nothing when it has none.
     *
     * @throws ApiException 429 {@code insufficient_quota} when the job would take the day's or month's spend past
     *                      its cap
     */
    public void reserve(Caller caller, Job job) {
        if (!capped(caller)) {
            return;
        }
        BigDecimal expectedUsd = expectedCost(job);
        String jobId = job.id();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        BudgetPeriods periods = BudgetPeriods.of(today);
        List<?> reply = redis.execute(RESERVE, List.of(names.budgetKey(caller.keyId())), jobId, periods.day(), periods.month(),
                Long.toString(micros(expectedUsd)),
                Long.toString(caller.budget().dailyMicros()), Long.toString(caller.budget().monthlyMicros()));
        String verdict = String.valueOf(reply.get(1));
        if (((Number) reply.get(0)).longValue() == 0) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "insufficient_quota", null, "insufficient_quota",
                    "You exceeded your " + verdict + " budget: " + usd(((Number) reply.get(2)).longValue()) + " of "
                            + usd(((Number) reply.get(3)).longValue()) + " USD is spent or reserved, and this request is expected to cost "
                            + expectedUsd.stripTrailingZeros().toPlainString() + " USD. Raise the budget or wait for the next "
                            + ("daily".equals(verdict) ? "UTC day" : "month") + ".");
        }
        if (!verdict.isEmpty()) {
            for (String period : verdict.split(",")) {
                meters.counter("darkroom.budget.threshold", "period", period).increment();
                log.info("Key {} passed 80 % of its {} budget", caller.keyId(), period);
                announceThreshold(caller, today, period, "daily".equals(period) ? ((Number) reply.get(2)).longValue()
                        : ((Number) reply.get(3)).longValue());
            }
        }
    }

    /**
     * The {@code budget.threshold} event: the key's endpoints that want it hear that spent plus reserved passed 80 % of
     * the period's cap (once per period and endpoint: the event id names the period). A failure to hand it over is
     * logged, never the caller's error.
     */
    private void announceThreshold(Caller caller, LocalDate today, String period, long usedMicros) {
        boolean daily = "daily".equals(period);
        long capMicros = daily ? caller.budget().dailyMicros() : caller.budget().monthlyMicros();
        String periodId = daily ? today.toString() : today.toString().substring(0, 7);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "budget.threshold");
        data.put("key_id", caller.keyId());
        data.put("period", period);
        data.put("period_start", daily ? today.toString() : today.withDayOfMonth(1).toString());
        data.put("threshold", 0.8);
        data.put("used_usd", new BigDecimal(usd(usedMicros)));
        data.put("cap_usd", new BigDecimal(usd(capMicros)));
        try {
            webhooks.triggerBudgetThreshold(caller.keyId(), period, periodId, Instant.now().toString(), json.writeValueAsString(data));
        } catch (RuntimeException e) {
            log.warn("Could not hand key {}'s budget.threshold event to the webhooks", caller.keyId(), e);
        }
    }

    /**
     * The job's expected cost: the catalog's price for its first provider, size, quality and {@code n}; for a model
     * billed per token, the provider's published output tokens for such an image.
     */
    public BigDecimal expectedCost(Job job) {
        return catalog.find(job.model()).orElseThrow().expectedCostOf(job.provider(), job.request(), job.request().n());
    }

    /** Gives back the reservation of job {@code jobId}, which was refused after its cost was reserved. */
    public void release(Caller caller, String jobId) {
        if (capped(caller)) {
            redis.execute(RELEASE, List.of(names.budgetKey(caller.keyId())), jobId);
        }
    }

    private static boolean capped(Caller caller) {
        return caller.budget() != null && caller.budget().caps();
    }

    public static long micros(BigDecimal usd) {
        return usd == null ? 0 : usd.movePointRight(6).setScale(0, RoundingMode.UP).longValueExact();
    }

    private static String usd(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
