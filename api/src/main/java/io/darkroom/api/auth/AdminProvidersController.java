package io.darkroom.api.auth;

import io.darkroom.infra.providers.PermitLeases;
import io.darkroom.infra.providers.ProviderAdvertisements;
import io.darkroom.infra.providers.ProviderAdvertisements.Advertised;
import io.darkroom.infra.providers.ProviderAdvertisements.WorkerAdvertisement;
import io.darkroom.model.Lane;
import io.darkroom.model.Names;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The providers as operators see them (behind the admin token): {@code GET /admin/providers} answers, for
 * each provider some worker advertises, its circuit, the live workers that serve it, the permits of its
 * concurrency limit in use, its limits as the workers advertise them (the api holds no provider setting) and
 * the depth of its queue in each lane, read from the broker with a passive declare (decision 035).
 */
@RestController
class AdminProvidersController {

    private final ProviderAdvertisements advertisements;
    private final PermitLeases permits;
    private final AmqpAdmin broker;
    private final Names names;
    private final AdminToken adminToken;

    AdminProvidersController(ProviderAdvertisements advertisements, StringRedisTemplate redis, AmqpAdmin broker, Names names,
            AdminToken adminToken) {
        this.advertisements = advertisements;
        this.permits = new PermitLeases(redis, names);
        this.broker = broker;
        this.names = names;
        this.adminToken = adminToken;
    }

    @Operation(operationId = "listProviders", summary = "List providers and their queues",
            description = "Each provider a worker advertises: its circuit, the live workers serving it, permits in use against its"
                    + " concurrency limit, its requests-per-minute limit, and the messages waiting in its queue of each lane.")
    @ApiResponse(responseCode = "200", description = "The providers, by name.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ProviderList.class)))
    @GetMapping("/admin/providers")
    ProviderList list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        adminToken.require(authorization);
        List<WorkerAdvertisement> workers = advertisements.workers();
        ProviderAdvertisements.Snapshot snapshot = ProviderAdvertisements.Snapshot.of(workers);
        Map<String, List<WorkerAdvertisement>> byProvider = new TreeMap<>();
        workers.forEach(worker -> worker.providers().keySet()
                .forEach(provider -> byProvider.computeIfAbsent(provider, name -> new ArrayList<>()).add(worker)));
        List<ProviderView> data = new ArrayList<>();
        byProvider.forEach((provider, serving) -> data.add(view(provider, serving, snapshot)));
        return new ProviderList("list", data);
    }

    private ProviderView view(String provider, List<WorkerAdvertisement> serving, ProviderAdvertisements.Snapshot snapshot) {
        List<String> live = serving.stream().filter(WorkerAdvertisement::live).map(WorkerAdvertisement::workerId).sorted().toList();
        String circuit = snapshot.circuitOpen(provider) ? "open" : live.isEmpty() ? "unknown" : "closed";
        List<ProviderAdvertisements.Limits> limits = (live.isEmpty() ? serving : serving.stream().filter(WorkerAdvertisement::live).toList())
                .stream().map(worker -> worker.providers().get(provider)).map(Advertised::limits).filter(Objects::nonNull).toList();
        Integer concurrency = limits.stream().map(ProviderAdvertisements.Limits::concurrency).max(Integer::compare).orElse(null);
        Integer requestsPerMinute = limits.stream().map(ProviderAdvertisements.Limits::requestsPerMinute).max(Integer::compare).orElse(null);
        boolean disagree = limits.stream().distinct().count() > 1;
        List<QueueView> queues = Arrays.stream(Lane.values()).map(lane -> queue(provider, lane)).toList();
        return new ProviderView(provider, circuit, live, permits.inUse(provider), concurrency, requestsPerMinute, disagree, queues);
    }

    private QueueView queue(String provider, Lane lane) {
        String name = names.workQueue(provider, lane);
        QueueInformation info = broker.getQueueInfo(name);
        return info == null ? new QueueView(lane.wireName(), name, false, 0, 0)
                : new QueueView(lane.wireName(), name, true, info.getMessageCount(), info.getConsumerCount());
    }

    /** @param data one entry per provider some worker advertises (or did recently), by name */
    record ProviderList(String object, List<ProviderView> data) {
    }

    /**
     * @param provider          its name
     * @param circuit           {@code closed} (some live worker calls it), {@code open} (every live worker serving it
     *                          has its circuit open) or {@code unknown} (no live worker serves it now)
     * @param workers           the ids of the live workers serving it
     * @param permitsInUse      permits of its concurrency limit held now, across every worker
     * @param concurrency       its concurrency limit (permits) as the workers advertise it; the highest when they
     *                          disagree; null when no worker advertises limits
     * @param requestsPerMinute its requests-per-minute limit as advertised (0: none); the highest when they disagree
     * @param limitsDisagree    whether the workers serving it advertise different limits
     * @param queues            its work queue in each lane
     */
    record ProviderView(String provider, String circuit, List<String> workers, long permitsInUse, Integer concurrency,
            Integer requestsPerMinute, boolean limitsDisagree, List<QueueView> queues) {
    }

    /**
     * @param lane      {@code interactive} or {@code bulk}
     * @param queue     the queue's name on the broker
     * @param exists    whether the broker has it (a worker declares it when it starts consuming)
     * @param messages  messages waiting in it (ready, not yet delivered to a worker)
     * @param consumers workers' consumers on it
     */
    record QueueView(String lane, String queue, boolean exists, long messages, long consumers) {
    }
}
