package io.darkroom.api.batches;

import io.darkroom.infra.webhooks.WebhookTrigger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a batch's final state ({@code batch.completed}, {@code batch.failed}, {@code batch.cancelled},
 * {@code batch.expired}) to the webhook endpoints of its key that want it, with the batch object as data.
 * A batch that failed validation lists at most {@value #MAX_ERRORS} of its line errors in the event (with
 * {@code has_more}); the rest are read with {@code GET /v1/batches/{id}}.
 */
@Component
class BatchEvents {

    static final int MAX_ERRORS = 100;

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

    /** The batch reached its final status: its event goes out (once per status, however often this is called). */
    void finished(String owner, String id) {
        batches.find(owner, id).ifPresent(batch -> {
            Map<String, Object> view = new LinkedHashMap<>(views.of(batch, null));
            List<Map<String, Object>> errors = views.lineErrors(batch);
            if (errors.size() > MAX_ERRORS) {
                view.put("errors", Map.of("object", "list", "data", errors.subList(0, MAX_ERRORS), "has_more", true));
            }
            webhooks.triggerBatch(id, owner, BatchStore.statusOf(batch).wireName(), json.writeValueAsString(view));
        });
    }
}
