package io.darkroom.api.limits;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The image limits of each API key's tier, counted in Redis (one script per request, on the Redis clock),
 * so every api instance shares them: images per minute as a sliding minute (GCRA), images per UTC day, and
 * the largest {@code n}. See decision 023.
 */
@Component
public class RateLimits {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = LuaScripts.load("io/darkroom/api/limits/admit.lua", List.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final TiersProperties tiers;

    RateLimits(StringRedisTemplate redis, Names names, TiersProperties tiers) {
        this.redis = redis;
        this.names = names;
        this.tiers = tiers;
    }

    /**
     * Counts {@code images} against the caller's limits, or refuses them all.
     *
     * @return the limits as they stand after counting; empty when the caller's tier limits nothing
     * @throws ApiException 429 {@code rate_limit_exceeded} with {@code Retry-After} and the limit headers when over
     *                      a limit; 400 naming {@code n} when {@code n} is over the tier's largest
     */
    public Optional<Standing> admit(Caller caller, int images) {
        Optional<TiersProperties.Tier> tier = tierOf(caller);
        if (tier.isEmpty()) {
            return Optional.empty();
        }
        if (tier.get().maxN() > 0 && images > tier.get().maxN()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "n", "integer_above_max_value",
                    "Invalid 'n': your key's tier '" + caller.tier() + "' allows at most " + tier.get().maxN()
                            + " images per request, but got " + images + ".");
        }
        if (!tier.get().limitsRate()) {
            return Optional.empty();
        }
        Standing standing = run(caller, tier.get(), images);
        if (!standing.admitted()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "images", null, "rate_limit_exceeded", "Rate limit reached for images on "
                    + caller.keyId() + " (tier '" + caller.tier() + "'): " + standing.describe(images) + " Please try again in "
                    + standing.retryAfter().toMillis() + " ms.", standing.headers());
        }
        return Optional.of(standing);
    }

    /** How many of the caller's image requests may be unfinished at once (its tier's concurrent jobs); 0: no limit. */
    public int concurrentJobs(Caller caller) {
        return tierOf(caller).map(TiersProperties.Tier::concurrentJobs).orElse(0);
    }

    /**
     * Refuses the caller up front when it is already at its concurrent jobs, so that a request refused for that
     * does not count against its images per minute. (The job's creation enforces the limit atomically; this read
     * only spares the count in the usual case.)
     */
    public void checkConcurrentJobs(Caller caller) {
        int limit = concurrentJobs(caller);
        if (limit > 0) {
            Long unfinished = redis.opsForZSet().count(names.activeJobsKey(caller.keyId()), System.currentTimeMillis(), Double.POSITIVE_INFINITY);
            if (unfinished != null && unfinished >= limit) {
                throw atConcurrentJobs(caller);
            }
        }
    }

    /** The answer when the caller is at its concurrent jobs: 429 {@code rate_limit_exceeded}, retry in a second. */
    public ApiException atConcurrentJobs(Caller caller) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "requests", null, "rate_limit_exceeded", "Rate limit reached for concurrent jobs on "
                + caller.keyId() + " (tier '" + caller.tier() + "'): at most " + concurrentJobs(caller)
                + " of its jobs may be unfinished at once. Retry when one finishes.", headers);
    }

    /** The caller's limits as they stand, counting nothing; empty when its tier limits nothing. */
    public Optional<Standing> peek(Caller caller) {
        return tierOf(caller).filter(TiersProperties.Tier::limitsRate).map(tier -> run(caller, tier, 0));
    }

    /** The caller's tier; empty when its key names one this Darkroom does not configure. */
    public Optional<TiersProperties.Tier> tierOf(Caller caller) {
        return caller.tier() == null ? Optional.empty() : tiers.find(caller.tier());
    }

    private Standing run(Caller caller, TiersProperties.Tier tier, int images) {
        List<?> reply = redis.execute(ADMIT, List.of(names.limitsKey(caller.keyId())), Integer.toString(images),
                Integer.toString(tier.imagesPerMinute()), Integer.toString(tier.imagesPerDay()));
        return new Standing(tier, number(reply, 0) == 1, Duration.ofMillis(number(reply, 1)), number(reply, 2),
                Duration.ofMillis(number(reply, 3)), number(reply, 4), Duration.ofMillis(number(reply, 5)));
    }

    private static long number(List<?> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }

    /** One key's limits after a request was counted (or only read). */
    public record Standing(TiersProperties.Tier tier, boolean admitted, Duration retryAfter, long minuteRemaining, Duration minuteReset,
            long dayRemaining, Duration dayReset) {

        /**
         * OpenAI's rate-limit headers, for images: {@code x-ratelimit-limit-images} (per minute) and
         * {@code -images-per-day}, with {@code remaining} and {@code reset} ({@code 1m0s}, {@code 350ms}).
         */
        public HttpHeaders headers() {
            HttpHeaders headers = new HttpHeaders();
            if (tier.imagesPerMinute() > 0) {
                headers.set("x-ratelimit-limit-images", Integer.toString(tier.imagesPerMinute()));
                headers.set("x-ratelimit-remaining-images", Long.toString(minuteRemaining));
                headers.set("x-ratelimit-reset-images", wire(minuteReset));
            }
            if (tier.imagesPerDay() > 0) {
                headers.set("x-ratelimit-limit-images-per-day", Integer.toString(tier.imagesPerDay()));
                headers.set("x-ratelimit-remaining-images-per-day", Long.toString(dayRemaining));
                headers.set("x-ratelimit-reset-images-per-day", wire(dayReset));
            }
            if (!admitted && !retryAfter.isZero()) {
                headers.set(HttpHeaders.RETRY_AFTER, Long.toString((retryAfter.toMillis() + 999) / 1000));
            }
            return headers;
        }

        private String describe(int images) {
            return "Limit " + tier.imagesPerMinute() + " per minute (" + minuteRemaining + " left) and " + tier.imagesPerDay()
                    + " per day (" + dayRemaining + " left; 0 means no limit), Requested " + images + ".";
        }

        /** A duration as OpenAI writes resets: {@code 350ms}, {@code 12s}, {@code 1m0s}, {@code 2h3m0s}. */
        static String wire(Duration duration) {
            long millis = duration.toMillis();
            if (millis < 1000) {
                return millis + "ms";
            }
            long seconds = (millis + 999) / 1000;
            long hours = seconds / 3600;
            long minutes = seconds % 3600 / 60;
            long rest = seconds % 60;
            return (hours > 0 ? hours + "h" : "") + (hours > 0 || minutes > 0 ? minutes + "m" : "") + rest + "s";
        }
    }
}
