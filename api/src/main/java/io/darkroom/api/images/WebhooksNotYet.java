package io.darkroom.api.images;

import io.darkroom.api.errors.ApiException;
import org.springframework.http.HttpStatus;

/**
 * {@code webhook_url} is part of Darkroom's API, but until completion webhooks are delivered a request
 * carrying one is refused rather than silently accepted and never called.
 */
public final class WebhooksNotYet {

    private WebhooksNotYet() {
    }

    /** @throws ApiException when {@code webhookUrl} is set */
    public static void refuse(String webhookUrl) {
        if (webhookUrl != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "webhook_url", "unsupported_parameter",
                    "Webhook delivery is not available on this Darkroom yet; poll GET /v1/jobs/{id} or use Prefer: wait.");
        }
    }
}
