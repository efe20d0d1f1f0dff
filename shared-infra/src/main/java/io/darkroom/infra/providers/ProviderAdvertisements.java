package io.darkroom.infra.providers;

import io.darkroom.infra.LuaScripts;
import io.darkroom.model.Names;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What workers say about the providers they serve, with their heartbeat: each provider this worker
 * consumes and calls, and whether its circuit breaker lets calls through ({@code up}) or not ({@code open}).
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

    /** A worker's advertisement: {@code <provider>=<up|open>,...}, in the providers' order. */
    public static String encode(Map<String, Health> providers) {
        return providers.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue().name().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(","));
    }

    /** The workers' advertisements as they stand now, each worker judged alive by its heartbeat (Redis clock). */
    @SuppressWarnings("unchecked")
    public Snapshot read() {
        List<String> reply = redis.execute(ADVERTISED, List.of(names.providerAdvertisementsKey(), names.workersKey()));
        Set<String> served = new HashSet<>();
        Set<String> liveUp = new HashSet<>();
        Set<String> liveOpen = new HashSet<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            String[] parts = reply.get(i).split(";", 2);
            boolean live = "1".equals(reply.get(i + 1));
            for (Map.Entry<String, Health> provider : decode(parts.length > 1 ? parts[1] : "").entrySet()) {
                served.add(provider.getKey());
                if (live) {
                    (provider.getValue() == Health.UP ? liveUp : liveOpen).add(provider.getKey());
                }
            }
        }
        return new Snapshot(Set.copyOf(served), Set.copyOf(liveUp), Set.copyOf(liveOpen));
    }

    private static Map<String, Health> decode(String advertisement) {
        Map<String, Health> providers = new LinkedHashMap<>();
        for (String entry : advertisement.split(",")) {
            String[] pair = entry.split("=", 2);
            if (pair.length == 2 && !pair[0].isBlank()) {
                providers.put(pair[0], "open".equals(pair[1]) ? Health.OPEN : Health.UP);
            }
        }
        return providers;
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
