package io.darkroom.api.usage;

import io.darkroom.model.Names;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the usage the job lifecycle counted (transition.lua counts each job once, at its final move, into its
 * owner's hash of the UTC day): nothing here recomputes usage from jobs.
 */
@Component
class UsageLedger {

    private final StringRedisTemplate redis;
    private final Names names;

    UsageLedger(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** One counted group of one owner's day. */
    record Line(String owner, String model, String provider, String status, long jobs, long images, long costMicros) {

        BigDecimal costUsd() {
            return BigDecimal.valueOf(costMicros, 6).stripTrailingZeros();
        }
    }

    /** Every counted group of {@code owner} on the UTC day {@code epochDay}. */
    List<Line> day(String owner, long epochDay) {
        Map<Object, Object> fields = redis.opsForHash().entries(names.usagePrefix() + owner + ":" + epochDay);
        Map<String, long[]> groups = new java.util.TreeMap<>();
        fields.forEach((field, value) -> {
            String name = field.toString();
            int last = name.lastIndexOf('|');
            long[] counts = groups.computeIfAbsent(name.substring(0, last), group -> new long[3]);
            long amount = Long.parseLong(value.toString());
            switch (name.substring(last + 1)) {
                case "jobs" -> counts[0] += amount;
                case "images" -> counts[1] += amount;
                case "cost_micros" -> counts[2] += amount;
                default -> {
                }
            }
        });
        List<Line> lines = new ArrayList<>();
        groups.forEach((group, counts) -> {
            String[] parts = group.split("\\|", -1);
            lines.add(new Line(owner, parts[0], parts[1], parts[2], counts[0], counts[1], counts[2]));
        });
        return lines;
    }

    /** The owners with usage on the UTC day {@code epochDay}. */
    Set<String> ownersOn(long epochDay) {
        Set<String> owners = redis.opsForSet().members(names.usagePrefix() + "owners:" + epochDay);
        return owners == null ? Set.of() : owners;
    }
}
