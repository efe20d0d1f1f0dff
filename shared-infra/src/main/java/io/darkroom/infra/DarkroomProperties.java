package io.darkroom.infra;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by api and worker, under {@code darkroom.*}.
 *
 * @param namespace       prefix of every queue, exchange and Redis key; test runs use a unique one
 * @param jobRetention    how long a job record is kept in Redis after it was created
 * @param imageTtl        how long stored image bytes, and so their hosted URLs, live
 * @param deliveryLimit   deliveries of one message before the broker parks it (quorum queues)
 * @param publishTimeout  how long a publisher waits for the broker's confirm
 * @param jobLease        how long a running job stays leased to its worker without a renewal; past it the
 *                        reaper puts the job back in its queue
 * @param workerHeartbeat how long a worker counts as alive after its last heartbeat (it beats every third
 *                        of it); a redelivered job is taken over from a worker only once this has passed
 * @param publicBaseUrl   where the api is reached from outside, for image URLs in webhook events
 */
@Validated
@ConfigurationProperties("darkroom")
public record DarkroomProperties(
        @DefaultValue(DEFAULT_NAMESPACE) String namespace,
        @DefaultValue("24h") Duration jobRetention,
        @DefaultValue("1h") Duration imageTtl,
        @DefaultValue("5") int deliveryLimit,
        @DefaultValue("10s") Duration publishTimeout,
        @DefaultValue("60s") Duration jobLease,
        @DefaultValue("10s") Duration workerHeartbeat,
        @DefaultValue("http://127.0.0.1:8080") String publicBaseUrl) {

    public static final String DEFAULT_NAMESPACE = "darkroom";

    public DarkroomProperties {
        if (jobRetention.compareTo(imageTtl) < 0) {
            throw new IllegalArgumentException("darkroom.job-retention (" + jobRetention
                    + ") must be at least darkroom.image-ttl (" + imageTtl + ")");
        }
        if (workerHeartbeat.toMillis() < 300) {
            throw new IllegalArgumentException("darkroom.worker-heartbeat must be at least 300ms");
        }
        if (deliveryLimit < 1) {
            throw new IllegalArgumentException("darkroom.delivery-limit must be at least 1");
        }
    }
}
