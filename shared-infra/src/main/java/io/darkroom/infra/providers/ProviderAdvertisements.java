package io.darkroom.infra.providers;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What workers say about the providers they serve, with their heartbeat: each provider this worker
 * consumes and calls, whether its circuit breaker lets calls through ({@code up}) or not ({@code open}), and
 * the limits it enforces on calls to it (concurrency and requests per minute, its own settings).
 * The worker's breaker is the one judge of a provider's health; the api reads this, never a provider
 * setting or key. Workers write with {@link io.darkroom.infra.jobs.WorkerHeartbeats}; the api reads
 * {@link #read()}.
 */
public class ProviderAdvertisements {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADVERTISED = LuaScripts.load("io/darkroom/infra/providers/advertised.lua", List.class);

    private final StringRedisTemplate redis;
    private final Names names;

    public ProviderAdvertisements(StringRedisTemplate redis, Names names) {
        this.redis = redis;
        this.names = names;
    }

    /** How a worker sees one provider it serves. */
    public enum Health {
        /** Its circuit lets calls through (closed, or half-open for probes). */
        UP,
        /** Its circuit is open: the worker does not call it now. */
        OPEN
    }

    /**
     * The limits a worker enforces on calls to one provider (its settings, which only workers hold).
     *
     * @param concurrency       the most calls in flight at once, across every worker (permits)
     * @param requestsPerMinute call starts per minute across every worker; 0 for no limit
     */
    public record Limits(int concurrency, int requestsPerMinute) {
    }

    /**
     * How one worker advertises one provider.
     *
     * @param limits its limits, or null from a worker that predates advertising them
     */
    public record Advertised(Health health, Limits limits) {
    }

    /**
     * One worker's advertisement as it stands.
     *
     * @param live      whether its heartbeat has not expired (Redis clock)
     * @param providers what it advertises, in its order
     */
    public record WorkerAdvertisement(String workerId, boolean live, Map<String, Advertised> providers) {
    }

    /** A worker's advertisement without limits: {@code <provider>=<up|open>,...}, in the providers' order. */
    public static String encode(Map<String, Health> providers) {
        Map<String, Advertised> advertised = new LinkedHashMap<>();
        providers.forEach((provider, health) -> advertised.put(provider, new Advertised(health, null)));
        return encodeAdvertised(advertised);
    }

    /**
     * A worker's advertisement: {@code <provider>=<up|open>} for each provider, in the providers' order, then
     * {@code <provider>@<concurrency>/<requests per minute>} for each whose limits are known. A reader that
     * predates limits skips entries without {@code =}, so it still reads every circuit right (decision 035).
     */
    public static String encodeAdvertised(Map<String, Advertised> providers) {
        Stream<String> health = providers.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue().health().name().toLowerCase(Locale.ROOT));
        Stream<String> limits = providers.entrySet().stream().filter(entry -> entry.getValue().limits() != null)
                .map(entry -> entry.getKey() + "@" + entry.getValue().limits().concurrency() + "/"
                        + entry.getValue().limits().requestsPerMinute());
        return Stream.concat(health, limits).collect(Collectors.joining(","));
    }

    /**
     * What an advertisement says, in its providers' order; tolerant of advertisements without limits (then
     * null) and of entries it does not understand (skipped).
     */
    public static Map<String, Advertised> decode(String advertisement) {
        Map<String, Health> health = new LinkedHashMap<>();
        Map<String, Limits> limits = new HashMap<>();
        for (String entry : advertisement.split(",")) {
            String[] pair = entry.split("=", 2);
            if (pair.length == 2 && !pair[0].isBlank()) {
                health.put(pair[0], "open".equals(pair[1]) ? Health.OPEN : Health.UP);
                continue;
            }
            String[] limit = entry.split("[@/]", 3);
            if (limit.length == 3 && !limit[0].isBlank()) {
                try {
                    limits.put(limit[0], new Limits(Integer.parseInt(limit[1]), Integer.parseInt(limit[2])));
                } catch (NumberFormatException e) {
                    // not limits this reader understands
                }
            }
        }
        Map<String, Advertised> providers = new LinkedHashMap<>();
        health.forEach((provider, state) -> providers.put(provider, new Advertised(state, limits.get(provider))));
        return providers;
    }

    /** Every worker's advertisement as it stands now, each worker judged alive by its heartbeat (Redis clock). */
    @SuppressWarnings("unchecked")
    public List<WorkerAdvertisement> workers() {
        List<String> reply = redis.execute(ADVERTISED, List.of(names.providerAdvertisementsKey(), names.workersKey()));
        List<WorkerAdvertisement> workers = new ArrayList<>();
        for (int i = 0; i + 2 < reply.size(); i += 3) {
            String[] parts = reply.get(i + 1).split(";", 2);
            workers.add(new WorkerAdvertisement(reply.get(i), "1".equals(reply.get(i + 2)), decode(parts.length > 1 ? parts[1] : "")));
        }
        return workers;
    }

    /** The workers' advertisements as they stand now, each worker judged alive by its heartbeat (Redis clock). */
    public Snapshot read() {
        return Snapshot.of(workers());
    }

    /**
     * The providers as every worker together advertises them.
     *
     * @param served   providers some worker serves or served recently (a restarting worker's stay here)
     * @param liveUp   providers a live worker serves with its circuit letting calls through
     * @param liveOpen providers a live worker serves with its circuit open
     */
    public record Snapshot(Set<String> served, Set<String> liveUp, Set<String> liveOpen) {

        /** Nothing advertised yet. */
        public static final Snapshot EMPTY = new Snapshot(Set.of(), Set.of(), Set.of());

        /** What {@code workers} together advertise. */
        public static Snapshot of(List<WorkerAdvertisement> workers) {
            Set<String> served = new HashSet<>();
            Set<String> liveUp = new HashSet<>();
            Set<String> liveOpen = new HashSet<>();
            for (WorkerAdvertisement worker : workers) {
                worker.providers().forEach((provider, advertised) -> {
                    served.add(provider);
                    if (worker.live()) {
                        (advertised.health() == Health.UP ? liveUp : liveOpen).add(provider);
                    }
                });
            }
            return new Snapshot(Set.copyOf(served), Set.copyOf(liveUp), Set.copyOf(liveOpen));
        }

        /** Whether some worker serves {@code provider} (or served it recently): work for it is consumed. */
        public boolean serves(String provider) {
            return served.contains(provider);
        }

        /**
         * Whether the circuit of {@code provider} is open on every live worker that serves it. With no live
         * worker serving it right now, nobody judges it failing: work for it waits in its queue.
         */
        public boolean circuitOpen(String provider) {
            return liveOpen.contains(provider) && !liveUp.contains(provider);
        }

        /** Whether work for {@code provider} can be queued now: served, and not failing everywhere. */
        public boolean usable(String provider) {
            return serves(provider) && !circuitOpen(provider);
        }
    }
}
