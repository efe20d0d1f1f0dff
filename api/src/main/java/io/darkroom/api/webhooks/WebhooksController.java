package io.darkroom.api.webhooks;

import io.darkroom.api.auth.Caller;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.openapi.Deleted;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.webhooks.DeliveryAttempt;
import io.darkroom.infra.webhooks.DeliveryLog;
import io.darkroom.infra.webhooks.WebhookEndpoint;
import io.darkroom.infra.webhooks.WebhookProperties;
import io.darkroom.infra.webhooks.WebhookStore;
import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.model.Job;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A key's webhook endpoints ({@code /v1/webhooks}: create, list, read, update, delete, rotate the secret),
 * the secret that signs deliveries to a request's own {@code webhook_url} ({@code /v1/webhook_secret}),
 * and a job's delivery log with replay ({@code /v1/jobs/{id}/webhooks}). Everything is the caller's own:
 * anyone else's ids answer 404.
 */
@RestController
@Tag(name = Tags.WEBHOOKS)
class WebhooksController {

    private static final List<String> EVENTS = List.of("job.succeeded", "job.failed", "job.canceled",
            "batch.completed", "batch.failed", "batch.cancelled", "batch.expired", "budget.threshold");

    private final WebhookStore store;
    private final DeliveryLog deliveries;
    private final WebhookTrigger trigger;
    private final RedisJobStore jobs;
    private final WebhookProperties properties;

    WebhooksController(WebhookStore store, DeliveryLog deliveries, WebhookTrigger trigger, RedisJobStore jobs,
            WebhookProperties properties) {
        this.store = store;
        this.deliveries = deliveries;
        this.trigger = trigger;
        this.jobs = jobs;
        this.properties = properties;
    }

    @Operation(operationId = "createWebhook", summary = "Register a webhook endpoint", description = "Every final job (and batch) of the key is posted to it, signed with its `secret` (Standard Webhooks). Without `events`, it gets all of them.")
    @ApiResponse(responseCode = "201", description = "The endpoint, with its signing secret.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @PostMapping("/v1/webhooks")
    @ResponseStatus(HttpStatus.CREATED)
    EndpointView create(@RequestBody NewEndpoint body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.create(caller.keyId(), checkedUrl(body.url()), checkedEvents(body.events())));
    }

    @Operation(operationId = "listWebhooks", summary = "List webhook endpoints")
    @ApiResponse(responseCode = "200", description = "The key's endpoints.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookSchemas.EndpointList.class)))
    @GetMapping("/v1/webhooks")
    Map<String, Object> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return Map.of("object", "list", "data", store.list(caller.keyId()).stream().map(EndpointView::of).toList());
    }

    @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
    @ApiResponse(responseCode = "200", description = "The endpoint.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/webhooks/{id}")
    EndpointView get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.find(caller.keyId(), id).orElseThrow(() -> ApiException.notFound("webhook", id)));
    }

    @Operation(operationId = "updateWebhook", summary = "Update a webhook endpoint", description = "Changes the fields given: `url`, `events`, `disabled`.")
    @ApiResponse(responseCode = "200", description = "The endpoint, updated.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}")
    EndpointView update(@PathVariable String id, @RequestBody EndpointChange body, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.update(caller.keyId(), id, body.url() == null ? null : checkedUrl(body.url()),
                body.events() == null ? null : checkedEvents(body.events()), body.disabled())
                .orElseThrow(() -> ApiException.notFound("webhook", id)));
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint")
    @ApiResponse(responseCode = "200", description = "The endpoint is gone.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Deleted.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @DeleteMapping("/v1/webhooks/{id}")
    Map<String, Object> delete(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        if (!store.delete(caller.keyId(), id)) {
            throw ApiException.notFound("webhook", id);
        }
        return Map.of("id", id, "object", "webhook", "deleted", true);
    }

    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate a webhook endpoint's secret", description = "A new secret signs from now on; during the overlap (24 h by default) deliveries carry a signature by each.")
    @ApiResponse(responseCode = "200", description = "The endpoint, with its new and previous secrets.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @PostMapping("/v1/webhooks/{id}/rotate_secret")
    EndpointView rotate(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.rotate(caller.keyId(), id, properties.rotationOverlap())
                .orElseThrow(() -> ApiException.notFound("webhook", id)));
    }

    @Operation(operationId = "getRequestWebhookSecret", summary = "Get the secret of per-request webhooks", description = "The secret that signs deliveries to a request's own `webhook_url`.")
    @ApiResponse(responseCode = "200", description = "The signer, with its secret.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @GetMapping("/v1/webhook_secret")
    EndpointView requestUrlSecret(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.requestUrlSigner(caller.keyId()));
    }

    @Operation(operationId = "rotateRequestWebhookSecret", summary = "Rotate the secret of per-request webhooks")
    @ApiResponse(responseCode = "200", description = "The signer, with its new and previous secrets.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = EndpointView.class)))
    @PostMapping("/v1/webhook_secret/rotate")
    EndpointView rotateRequestUrlSecret(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return EndpointView.of(store.rotateRequestUrlSecret(caller.keyId(), properties.rotationOverlap()));
    }

    @Operation(operationId = "listJobWebhookDeliveries", summary = "List a job's webhook deliveries", description = "Every attempt to deliver the job's final event, per endpoint.")
    @ApiResponse(responseCode = "200", description = "The job's deliveries.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookSchemas.DeliveryList.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping("/v1/jobs/{jobId}/webhooks")
    Map<String, Object> deliveries(@PathVariable String jobId, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        Job job = ownJob(jobId, caller);
        Map<String, List<DeliveryAttempt>> byDelivery = deliveries.ofJob(job.id());
        return Map.of("object", "list", "data", byDelivery.entrySet().stream().map(entry -> Map.of(
                "event_id", entry.getKey().substring(0, entry.getKey().lastIndexOf(':')),
                "endpoint_id", entry.getKey().substring(entry.getKey().lastIndexOf(':') + 1),
                "attempts", entry.getValue())).toList());
    }

    /** Sends the job's final event again (same {@code webhook-id}), to one endpoint or to all. */
    @Operation(operationId = "replayJobWebhook", summary = "Send a job's final event again", description = "With the same `webhook-id`, to one endpoint (`endpoint_id`) or to all.")
    @ApiResponse(responseCode = "202", description = "The event is queued for delivery.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookSchemas.ReplayedEvent.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ErrorResponses.CONFLICT)
    @PostMapping("/v1/jobs/{jobId}/webhooks/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> replay(@PathVariable String jobId, @RequestParam(name = "endpoint_id", required = false) String endpointId,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        Job job = ownJob(jobId, caller);
        if (!job.status().isTerminal()) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_request_error", null, "job_not_final",
                    "The job " + jobId + " has no final event yet.");
        }
        if (endpointId != null && !WebhookStore.REQUEST_URL.equals(endpointId) && store.find(caller.keyId(), endpointId).isEmpty()) {
            throw ApiException.notFound("webhook", endpointId);
        }
        trigger.replay(job.id(), job.status(), endpointId);
        return Map.of("event_id", WebhookTrigger.eventId(job.id(), job.status()), "replayed", true);
    }

    private Job ownJob(String jobId, Caller caller) {
        return jobs.find(jobId).filter(job -> job.owner().equals(caller.keyId()))
                .orElseThrow(() -> ApiException.notFound("job", jobId));
    }

    private static String checkedUrl(String url) {
        try {
            URI uri = new URI(url == null ? "" : url);
            if (uri.getHost() != null && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && url.length() <= 2048) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "url", "invalid_value",
                "Invalid 'url': expected an http(s) URL of at most 2048 characters.");
    }

    private static Set<String> checkedEvents(List<String> events) {
        if (events == null) {
            return Set.of();
        }
        for (String event : events) {
            if (!EVENTS.contains(event)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "events", "invalid_value",
                        "Unknown event '" + event + "'. Events are " + String.join(", ", EVENTS) + ".");
            }
        }
        return Set.copyOf(events);
    }

    record NewEndpoint(String url, List<String> events) {
    }

    record EndpointChange(String url, List<String> events, Boolean disabled) {
    }

    /** An endpoint as its owner sees it, secrets included (they are the owner's to verify with). */
    record EndpointView(String id, String object, String url, List<String> events, String secret, String previousSecret,
            Long previousSecretUntil, boolean disabled, Long createdAt) {

        static EndpointView of(WebhookEndpoint endpoint) {
            return new EndpointView(endpoint.id(), "webhook", endpoint.url(), endpoint.events().stream().sorted().toList(),
                    endpoint.secret(), endpoint.previousSecret(),
                    endpoint.previousUntil() == null ? null : endpoint.previousUntil().getEpochSecond(), endpoint.disabled(),
                    endpoint.id().equals(WebhookStore.REQUEST_URL) ? null : endpoint.createdAt().getEpochSecond());
        }
    }
}
