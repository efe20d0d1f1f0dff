package io.darkroom.infra.webhooks;

import io.darkroom.model.Names;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Every webhook delivery attempt, per event and endpoint, readable by job or batch (the event's subject); kept as long as a job. */
public class DeliveryLog {

    private static final org.springframework.data.redis.core.script.RedisScript<Long> RECORD =
            io.darkroom.infra.LuaScripts.load("io/darkroom/infra/webhooks/record.lua", Long.class);

    private final StringRedisTemplate redis;
    private final Names names;
    private final JsonMapper json;
    private final Duration retention;

    public DeliveryLog(StringRedisTemplate redis, Names names, JsonMapper json, Duration retention) {
        this.redis = redis;
        this.names = names;
        this.json = json;
        this.retention = retention;
    }

    /** @param subjectId the job or batch the event is about */
    public void record(String subjectId, String eventId, DeliveryAttempt attempt) {
        redis.execute(RECORD, List.of(names.webhookDeliveryKey(eventId, attempt.endpointId()), names.webhookDeliveriesOf(subjectId)),
                json.writeValueAsString(attempt), eventId + ":" + attempt.endpointId(), Long.toString(retention.toMillis()));
    }

    public List<DeliveryAttempt> attempts(String eventId, String endpointId) {
        List<String> entries = redis.opsForList().range(names.webhookDeliveryKey(eventId, endpointId), 0, -1);
        return entries == null ? List.of() : entries.stream().map(entry -> json.readValue(entry, DeliveryAttempt.class)).toList();
    }

    /** Whether the event already reached the endpoint. */
    public boolean delivered(String eventId, String endpointId) {
        return attempts(eventId, endpointId).stream().anyMatch(attempt -> attempt.outcome().equals("delivered"));
    }

    /** Every delivery of the job, by {@code eventId:endpointId}, each with its attempts in order. */
    public Map<String, List<DeliveryAttempt>> ofJob(String jobId) {
        Set<String> deliveries = redis.opsForSet().members(names.webhookDeliveriesOf(jobId));
        Map<String, List<DeliveryAttempt>> all = new TreeMap<>();
        if (deliveries != null) {
            for (String delivery : deliveries) {
                int split = delivery.lastIndexOf(':');
                all.put(delivery, attempts(delivery.substring(0, split), delivery.substring(split + 1)));
            }
        }
        return all;
    }
}
