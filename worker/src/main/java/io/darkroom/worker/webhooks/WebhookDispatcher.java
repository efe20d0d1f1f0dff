package io.darkroom.worker.webhooks;

import io.darkroom.infra.webhooks.WebhookTrigger;
import io.darkroom.worker.consume.HandOffConsumer;
import io.darkroom.model.JobEvent;
import io.darkroom.model.Names;
import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.jobs.JobView;
import io.darkroom.infra.jobs.RedisJobStore;
import io.darkroom.infra.messaging.JobPublisher;
import io.darkroom.infra.messaging.RetryTiers;
import io.darkroom.infra.net.AddressPolicy;
import io.darkroom.infra.net.Deadlines;
import io.darkroom.infra.net.GuardedHttpClients;
import io.darkroom.infra.net.RefusedAddressException;
import io.darkroom.infra.net.RetryAfter;
import io.darkroom.infra.webhooks.DeliveryAttempt;
import io.darkroom.infra.webhooks.DeliveryLog;
import io.darkroom.infra.webhooks.WebhookEndpoint;
import io.darkroom.infra.webhooks.WebhookMessage;
import io.darkroom.infra.webhooks.WebhookProperties;
import io.darkroom.infra.webhooks.WebhookStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers a job's final event to the request's {@code webhook_url} and to every endpoint of the key that
 * wants it, and a batch's final event to every endpoint of its key that wants it: a thin, signed payload
 * {@code {type, timestamp, data: job or batch}} with the same {@code webhook-id} on
 * every attempt. 2xx is delivered; 3xx is a failure (redirects are not followed); 410 disables an endpoint;
 * anything else, or no answer, is retried on the schedule (honouring {@code Retry-After}) through the
 * broker's delay tiers, then recorded as exhausted. Every attempt is logged. Targets pass the SSRF guard,
 * which pins the checked address. Messages come from one {@link HandOffConsumer} per worker
 * ({@link WebhookConsumerConfiguration}).
 */
@Component
class WebhookDispatcher implements HandOffConsumer.Handler<WebhookMessage>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final RedisJobStore jobs;
    private final WebhookStore webhooks;
    private final DeliveryLog deliveries;
    private final JobPublisher publisher;
    private final WebhookProperties properties;
    private final JsonMapper json;
    private final io.darkroom.infra.messaging.JobEventReader events;
    private final MeterRegistry meters;
    private final String publicBaseUrl;
    private final CloseableHttpClient http;
    private final String eventsExchange;

    WebhookDispatcher(RedisJobStore jobs, WebhookStore webhooks, DeliveryLog deliveries, JobPublisher publisher,
            WebhookProperties properties, JsonMapper json, MeterRegistry meters, DarkroomProperties darkroom, Names names) {
        this.eventsExchange = names.eventsExchange();
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.properties = properties;
        this.json = json;
        this.events = new io.darkroom.infra.messaging.JobEventReader(json);
        this.meters = meters;
        this.publicBaseUrl = darkroom.publicBaseUrl().replaceAll("/+$", "");
        this.http = GuardedHttpClients.create(AddressPolicy.allowing(properties.allowList()), properties.timeout(), false);
    }

    @Override
    public WebhookMessage read(Message message) {
        return messageOf(message);
    }

    @Override
    public void handle(WebhookMessage webhook, boolean redelivered) {
        long early = webhook.dueAt() - System.currentTimeMillis();
        if (early > 50) {
            publisher.publishWebhook(webhook, RetryTiers.tierFor(Duration.ofMillis(early)));
            return;
        }
        Optional<Event> event = eventOf(webhook);
        if (event.isEmpty()) {
            log.warn("Dropping webhook {}: job {} is gone", webhook.eventId(), webhook.jobId());
            return;
        }
        for (WebhookEndpoint target : targets(event.get(), webhook)) {
            deliver(event.get(), target, webhook);
        }
    }

    @Override
    public String describe(WebhookMessage webhook) {
        return "Webhook " + webhook.eventId();
    }

    /** A job's final event from the lifecycle (events exchange), or a webhook message (retry, replay, batch event). */
    private WebhookMessage messageOf(Message message) {
        if (eventsExchange.equals(message.getMessageProperties().getReceivedExchange())) {
            JobEvent event = events.read(message.getBody());
            return WebhookTrigger.jobEvent(event.jobId(), event.status());
        }
        return json.readValue(message.getBody(), WebhookMessage.class);
    }

    /**
     * What one message delivers: to whom it belongs, the request's own {@code webhook_url} (jobs only),
     * and the signed body.
     */
    private record Event(String owner, String requestUrl, String body) {
    }

    private Optional<Event> eventOf(WebhookMessage webhook) {
        if (webhook.batch() != null) {
            return Optional.of(new Event(webhook.batch().owner(), null, payload(webhook.type(), webhook.batch().timestamp(),
                    json.readTree(webhook.batch().data()))));
        }
        return jobs.find(webhook.jobId()).map(job -> new Event(job.owner(), job.request().webhookUrl().orElse(null), payload(webhook.type(), null,
                JobView.of(job, jobs.attemptsOf(job.id()), image -> publicBaseUrl + "/hosted/" + image.imageId()))));
    }

    private List<WebhookEndpoint> targets(Event event, WebhookMessage webhook) {
        List<WebhookEndpoint> targets = new ArrayList<>();
        String only = webhook.endpointId();
        if (event.requestUrl() != null && (only == null || only.equals(WebhookStore.REQUEST_URL))) {
            WebhookEndpoint signer = webhooks.requestUrlSigner(event.owner());
            targets.add(new WebhookEndpoint(WebhookStore.REQUEST_URL, event.owner(), event.requestUrl(), java.util.Set.of(),
                    signer.secret(), signer.previousSecret(), signer.previousUntil(), false, signer.createdAt()));
        }
        webhooks.list(event.owner()).stream().filter(endpoint -> endpoint.wants(webhook.type()))
                .filter(endpoint -> only == null || only.equals(endpoint.id())).forEach(targets::add);
        return targets;
    }

    private void deliver(Event event, WebhookEndpoint target, WebhookMessage webhook) {
        if (!webhook.replay() && deliveries.delivered(webhook.eventId(), target.id())) {
            return;
        }
        int attempt = Math.max(1, webhook.attempt());
        String body = event.body();
        long timestamp = Instant.now().getEpochSecond();
        HttpPost post = new HttpPost(target.url());
        post.setHeader("webhook-id", webhook.eventId());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", WebhookSigner.signatures(target.signingSecrets(Instant.now()), webhook.eventId(), timestamp, body));
        post.setHeader("User-Agent", "Darkroom-Webhooks/1");
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        long start = System.nanoTime();
        int status = 0;
        Duration retryAfter = null;
        String error = null;
        try {
            Answer answer = Deadlines.within(post, properties.timeout().multipliedBy(2), () -> http.execute(post, response -> new Answer(
                    response.getCode(), response.getFirstHeader("Retry-After") == null ? null : response.getFirstHeader("Retry-After").getValue())));
            status = answer.status();
            retryAfter = answer.retryAfter() == null ? null : retryAfter(answer.retryAfter(), Instant.now(), properties.maxRetryAfter());
        } catch (RefusedAddressException e) {
            log.warn("Webhook {} refused by the SSRF guard: {}", webhook.eventId(), e.getMessage());
            record(webhook, new DeliveryAttempt(attempt, target.id(), target.url(), Instant.now(), 0, elapsed(start), "refused",
                    "The target resolves to a loopback, private, link-local or reserved address; Darkroom does not post there."));
            return;
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long latency = elapsed(start);
        if (status >= 200 && status < 300) {
            record(webhook, new DeliveryAttempt(attempt, target.id(), target.url(), Instant.now(), status, latency, "delivered", null));
        } else if (status == 410) {
            if (!target.id().equals(WebhookStore.REQUEST_URL)) {
                webhooks.disable(target.id());
            }
            record(webhook, new DeliveryAttempt(attempt, target.id(), target.url(), Instant.now(), status, latency, "disabled",
                    "The receiver answered 410 Gone: no more deliveries to it."));
        } else {
            retryOrGiveUp(target, webhook, attempt, status, latency, retryAfter,
                    error != null ? error : status >= 300 && status < 400 ? "Redirects are not followed (HTTP " + status + ")" : "HTTP " + status);
        }
    }

    private void retryOrGiveUp(WebhookEndpoint target, WebhookMessage webhook, int attempt, int status, long latency,
            Duration retryAfter, String error) {
        List<Duration> schedule = properties.schedule();
        if (attempt > schedule.size()) {
            record(webhook, new DeliveryAttempt(attempt, target.id(), target.url(), Instant.now(), status, latency, "exhausted", error));
            return;
        }
        Duration wait = schedule.get(attempt - 1);
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter;
        }
        wait = wait.plusMillis(ThreadLocalRandom.current().nextLong(Math.max(1, wait.toMillis() / 10)));
        record(webhook, new DeliveryAttempt(attempt, target.id(), target.url(), Instant.now(), status, latency, "retry", error));
        WebhookMessage next = webhook.retry(target.id(), attempt + 1, System.currentTimeMillis() + wait.toMillis());
        publisher.publishWebhook(next, RetryTiers.tierFor(wait));
    }

    private void record(WebhookMessage webhook, DeliveryAttempt attempt) {
        deliveries.record(webhook.subjectId(), webhook.eventId(), attempt);
        meters.counter("darkroom.webhooks.deliveries", "outcome", attempt.outcome()).increment();
        if (!attempt.outcome().equals("delivered")) {
            log.info("Webhook {} to {} attempt {}: {} {}", webhook.eventId(), attempt.endpointId(), attempt.attempt(), attempt.outcome(),
                    attempt.error());
        }
    }

    /** @param timestamp when the event happened, or null for now */
    private String payload(String type, String timestamp, Object data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("timestamp", timestamp != null ? timestamp : Instant.now().toString());
        event.put("data", data);
        return json.writeValueAsString(event);
    }

    /** A receiver's answer: its status and its {@code Retry-After}, or null. */
    private record Answer(int status, String retryAfter) {
    }

    /**
     * The wait a receiver's {@code Retry-After} asks for, in seconds or as an HTTP date, cut to {@code cap};
     * null when the header is neither form.
     */
    static Duration retryAfter(String header, Instant now, Duration cap) {
        return RetryAfter.parse(header, now).map(wait -> wait.compareTo(cap) > 0 ? cap : wait).orElse(null);
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void destroy() throws IOException {
        http.close();
    }
}
