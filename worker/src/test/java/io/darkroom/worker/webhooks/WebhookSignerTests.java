package io.darkroom.worker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.darkroom.infra.webhooks.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our signatures, checked by the public Standard Webhooks library rather than by our own verifier. */
class WebhookSignerTests {

    private final String secret = WebhookStore.newSecret();
    private final long now = Instant.now().getEpochSecond();
    private final String body = "{\"type\":\"job.succeeded\",\"data\":{\"id\":\"job_1\"}}";

    @Test
    void signatureVerifiesWithTheStandardWebhooksLibrary() throws Exception {
        String signature = WebhookSigner.signatures(List.of(secret), "msg_1", now, body);

        new Webhook(secret).verify(body, headers("msg_1", now, signature));
        assertThat(signature).startsWith("v1,");
    }

    @Test
    void aSignatureOfAnotherIdOrBodyDoesNotVerify() {
        String signature = WebhookSigner.signatures(List.of(secret), "msg_1", now, body);

        assertThatThrownBy(() -> new Webhook(secret).verify(body, headers("msg_2", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(secret).verify(body + " ", headers("msg_1", now, signature)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void duringARotationBothSecretsVerify() throws Exception {
        String next = WebhookStore.newSecret();
        String signatures = WebhookSigner.signatures(List.of(next, secret), "msg_1", now, body);

        assertThat(signatures.split(" ")).hasSize(2);
        new Webhook(next).verify(body, headers("msg_1", now, signatures));
        new Webhook(secret).verify(body, headers("msg_1", now, signatures));
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }
}
