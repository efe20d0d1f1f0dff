package io.darkroom.infra.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message of the parking queue, as it was read without being taken.
 *
 * @param position      0-based place in the queue when it was read (the head is 0)
 * @param jobId         the message id, which publishers set to the job's id; null when it has none
 * @param reason        why it was dead-lettered last ({@code rejected}, {@code delivery_limit}, {@code expired},
 *                      {@code maxlen}); null when it carries no death record
 * @param queue         the queue it died in, or null
 * @param routingKey    the routing key it had there (the provider's lane, {@code local.interactive}), or null
 * @param parkedAt      when the broker dead-lettered it, or null when it carries no death record
 * @param deliveryCount how often the parking queue handed it out and got it back (reads such as this one count)
 * @param deaths        its {@code x-death} records, most recent first
 * @param headers       every header, values as text
 * @param body          its body as UTF-8 text
 */
public record ParkedMessage(int position, String jobId, String reason, String queue, String routingKey, Instant parkedAt,
        long deliveryCount, List<Death> deaths, Map<String, Object> headers, String body) {

    public ParkedMessage {
        deaths = List.copyOf(deaths);
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /**
     * One {@code x-death} record: the broker writes one per queue and reason the message died of.
     *
     * @param reason      why it died there
     * @param queue       the queue it died in
     * @param exchange    the exchange it had been published to
     * @param routingKeys its routing keys there
     * @param count       how often it died there for this reason
     * @param time        when it died there first, or null
     */
    public record Death(String reason, String queue, String exchange, List<String> routingKeys, long count, Instant time) {
    }
}
