package io.darkroom.api.webhooks;

import io.darkroom.infra.webhooks.DeliveryAttempt;
import java.util.List;

/** The shapes of the webhook answers that {@link WebhooksController} builds as maps, for the description. */
final class WebhookSchemas {

    private WebhookSchemas() {
    }

    /** {@code GET /v1/webhooks}. */
    record EndpointList(String object, List<WebhooksController.EndpointView> data) {
    }

    /** {@code GET /v1/jobs/{id}/webhooks}: one entry per event and endpoint, every attempt logged. */
    record DeliveryList(String object, List<Delivery> data) {
    }

    record Delivery(String eventId, String endpointId, List<DeliveryAttempt> attempts) {
    }

    /** {@code POST /v1/jobs/{id}/webhooks/replay}. */
    record ReplayedEvent(String eventId, boolean replayed) {
    }
}
