package io.darkroom.api.batches;

import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.BatchStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ends batches, and sends each batch's one event ({@code batch.completed}, {@code batch.failed},
 * {@code batch.cancelled}, {@code batch.expired}) to the webhook endpoints of its key that want it, with the batch
 * object as data. A batch that failed validation lists at most {@value #MAX_ERRORS} of its line errors in the event
 * (with {@code has_more}); the rest are read with {@code GET /v1/batches/{id}}.
 *
 * <p>One writer, one event: the final move records the event in the batch (its data and timestamp) in the same
 * atomic step, and only the caller whose move won sends it, then marks it sent. A sender that died before marking
 * it is replaced by the {@link BatchSweeper} after {@link BatchStore#EVENT_TAKEOVER}, which sends the recorded
 * event: the same {@code webhook-id}, data and timestamp, so a receiver that got it already recognises it.
 */
@Component
class BatchEvents {

    static final int MAX_ERRORS = 100;
    private static final Logger log = LoggerFactory.getLogger(BatchEvents.class);

    private final BatchStore batches;
    private final BatchView views;
    private final WebhookTrigger webhooks;
    private final JsonMapper json;

    BatchEvents(BatchStore batches, BatchView views, WebhookTrigger webhooks, JsonMapper json) {
        this.batches = batches;
        this.views = views;
        this.webhooks = webhooks;
        this.json = json;
    }

    /**
     * A batch's event as its final move recorded it.
     *
     * @param status    the final status: the event is {@code batch.<status>}
     * @param timestamp when the batch ended (ISO-8601): the payload's {@code timestamp}, on every attempt
     * @param data      the batch object (JSON) as its owner reads it once ended
     */
    record Event(BatchStatus status, String timestamp, String data) {
    }

    /**
     * Ends the batch: moves it to {@code status} with {@code fields} and its event, in one atomic move, and, when
     * this call's move won, sends the event.
     *
     * @param batch the batch as read before the move; the event shows it with {@code fields} and {@code status}
     * @return whether this call ended the batch (false: another writer moved it first)
     */
    boolean end(Map<String, String> batch, BatchStatus status, Map<String, String> fields) {
        Map<String, String> ended = new HashMap<>(batch);
        ended.putAll(fields);
        ended.put("status", status.wireName());
        Event event = new Event(status, Instant.now().toString(), render(ended));
        String id = batch.get("id");
        if (!batches.end(id, fields, event)) {
            return false;
        }
        send(batch.get("owner"), id, event);
        return true;
    }

    /**
     * For an ended batch the sweeper still lists open: forgets it when its event went out, sends the recorded
     * event when its sender failed or died, and leaves it to a sender still within {@link BatchStore#EVENT_TAKEOVER}.
     */
    void sendIfCutOff(Map<String, String> batch) {
        String id = batch.get("id");
        if (BatchStore.eventSent(batch)) {
            batches.close(id);
        } else if (batches.claimEvent(id)) {
            // A batch ended before events were recorded with the move has none stored: it is rendered as it reads now.
            Optional<Event> recorded = BatchStore.recordedEvent(batch);
            send(batch.get("owner"), id, recorded.orElseGet(() -> new Event(BatchStore.statusOf(batch), Instant.now().toString(), render(batch))));
        }
    }

    /** Hands the event to the dispatcher (a confirmed publish), then marks it sent; when that fails, the next sweep sends it. */
    private void send(String owner, String id, Event event) {
        try {
            webhooks.triggerBatch(id, owner, event.status().wireName(), event.timestamp(), event.data());
        } catch (RuntimeException e) {
            batches.releaseEvent(id);
            log.warn("Batch {} is {} but its event could not be sent; the sweeper sends it again", id, event.status().wireName(), e);
            return;
        }
        batches.markEventSent(id);
    }

    private String render(Map<String, String> batch) {
        Map<String, Object> view = new LinkedHashMap<>(views.of(batch, null));
        List<Map<String, Object>> errors = views.lineErrors(batch);
        if (errors.size() > MAX_ERRORS) {
            view.put("errors", Map.of("object", "list", "data", errors.subList(0, MAX_ERRORS), "has_more", true));
        }
        return json.writeValueAsString(view);
    }
}
