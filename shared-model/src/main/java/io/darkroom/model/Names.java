package io.darkroom.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every exchange, queue and Redis key name, derived from one namespace. Test runs use a unique
 * namespace each, so runs never see each other's data.
 *
 * @param namespace lower-case letters, digits, '-' and '_'; for example {@code darkroom}
 */
public record Names(String namespace) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Names {
        Objects.requireNonNull(namespace, "namespace");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("Namespace '" + namespace
                    + "' must be 1-64 lower-case letters, digits, '-' or '_'");
        }
    }

    /** Durable direct exchange routing each job to its provider's lane queue. */
    public String jobsExchange() {
        return namespace + ".jobs";
    }

    /** Topic exchange for completion events, routed by {@link #eventRoutingKey(JobStatus, boolean)}. */
    public String eventsExchange() {
        return namespace + ".events";
    }

    /** Exchange that dead-letters poison messages into {@link #parkingQueue()}. */
    public String deadLetterExchange() {
        return namespace + ".dead";
    }

    /** The fanout exchange of one retry delay tier, for example {@code darkroom.retry.30s}. */
    public String retryExchange(String tier) {
        return namespace + ".retry." + tier;
    }

    /** The delay queue of one retry tier; its TTL is the tier. */
    public String retryQueue(String tier) {
        return namespace + ".retry." + tier;
    }

    /** Where the worker hears of dead-lettered messages, to fail their jobs with the reason. */
    public String deadNoticesQueue() {
        return namespace + ".dead.notices";
    }

    /** The queue of webhook events and delivery retries, bound to the jobs exchange as {@link #WEBHOOKS_ROUTING_KEY}. */
    public String webhooksQueue() {
        return namespace + ".webhooks";
    }

    /** The routing key of webhook messages on the jobs exchange. */
    public static final String WEBHOOKS_ROUTING_KEY = "webhooks";

    public String webhookSecretKey(String owner) {
        return namespace + ":webhook:secret:" + owner;
    }

    public String webhookEndpointKey(String endpointId) {
        return namespace + ":webhook:endpoint:" + endpointId;
    }

    public String webhookEndpointsOf(String owner) {
        return webhookEndpointsPrefix() + owner;
    }

    /** The attempts of one delivery (an event to one endpoint), as JSON entries. */
    public String webhookDeliveryKey(String eventId, String endpointId) {
        return namespace + ":webhook:delivery:" + eventId + ":" + endpointId;
    }

    /** The deliveries of a job, as {@code eventId:endpointId} entries (a set). */
    public String webhookDeliveriesOf(String jobId) {
        return namespace + ":webhook:deliveries:" + jobId;
    }

    /** Where poison messages wait to be inspected or replayed. */
    public String parkingQueue() {
        return namespace + ".parking";
    }

    /** The quorum queue of one provider's lane, for example {@code darkroom.jobs.local.interactive}. */
    public String workQueue(String provider, Lane lane) {
        return jobsExchange() + "." + workRoutingKey(provider, lane);
    }

    /** The binding of {@link #workQueue(String, Lane)} on the jobs exchange. */
    public String workRoutingKey(String provider, Lane lane) {
        return provider + "." + lane.wireName();
    }

    /**
     * Routing key of a job's events: {@code job.<status>.hooked} when the event has a webhook to deliver (the
     * request's {@code webhook_url}, or an endpoint of its owner), else {@code job.<status>.plain}; the
     * webhook dispatcher binds only {@link #hookedEventsPattern()}. {@code job.running.plain} announces
     * progress (a partial render).
     */
    public String eventRoutingKey(JobStatus status, boolean hooked) {
        return "job." + status.wireName() + (hooked ? ".hooked" : ".plain");
    }

    /** Pattern an api instance binds to hear every final state and progress event. */
    public String finalEventsPattern() {
        return "job.#";
    }

    /** Pattern the webhook dispatcher's queue binds: the final events that have a webhook to deliver. */
    public String hookedEventsPattern() {
        return "job.*.hooked";
    }

    /**
     * The outbox of job events (sorted set by time): the transition that makes a job final adds
     * {@code <job id> <status> <hooked|plain>} in the same script; the relay removes it once the broker
     * confirmed the event.
     */
    public String outboxKey() {
        return namespace + ":jobs:outbox";
    }

    /** The prefix of {@link #webhookEndpointsOf(String)}, for scripts that read the owner from the job. */
    public String webhookEndpointsPrefix() {
        return namespace + ":webhook:endpoints:";
    }

    /**
     * One {@code Idempotency-Key}'s record for one API key (a hash: fingerprint, state, job or stored answer);
     * {@code keyDigest} is the hex SHA-256 of the header's value, so any key fits.
     */
    public String idempotencyKey(String owner, String keyDigest) {
        return namespace + ":idempotency:" + owner + ":" + keyDigest;
    }

    /**
     * The prefix of the usage hashes: {@code <prefix><owner>:<epoch day>} counts an owner's final jobs of one UTC day
     * ({@code <model>|<provider>|<status>|jobs}, {@code |images}, {@code |cost_micros}); {@code <prefix>owners:<day>}
     * is the set of owners with usage that day. Written only by the job's final move (transition.lua).
     */
    public String usagePrefix() {
        return namespace + ":usage:";
    }

    /**
     * One API key's budget ledger: spent and reserved micro-USD per UTC day and month, and each unfinished job's
     * reservation; reserved by the api, released and settled by the job's final move (transition.lua).
     */
    public String budgetKey(String owner) {
        return usagePrefix() + "budget:" + owner;
    }

    /**
     * One API key's batch lines released to the queue and not yet final, across its batches, that count against its
     * tier's batch lines in flight (a sorted set of job ids scored by expiry).
     */
    public String batchLinesInFlightKey(String owner) {
        return namespace + ":lines:" + owner;
    }

    /** A batch's hash (status, counts of its lines' final states); its lists and sets are named after it. */
    public String batchKey(String batchId) {
        return namespace + ":batch:" + batchId;
    }

    /** One API key's unfinished jobs that count against its tier's concurrent jobs (a sorted set scored by expiry). */
    public String activeJobsKey(String owner) {
        return namespace + ":active:" + owner;
    }

    /** One API key's image limits: the GCRA time of its per-minute limit and its count of the UTC day. */
    public String limitsKey(String owner) {
        return namespace + ":limits:" + owner;
    }

    public String jobKey(String jobId) {
        return namespace + ":job:" + jobId;
    }

    /**
     * The jobs of one owner (API key id), a sorted set of job ids by creation time (ms, Redis clock): written
     * with the job, read by {@code GET /v1/jobs}. Entries whose job expired are dropped lazily.
     */
    public String ownerJobsKey(String owner) {
        return namespace + ":jobs:owner:" + owner;
    }

    /** A list of the image ids of a job's partial renders, in order. */
    public String partialsKey(String jobId) {
        return namespace + ":job:" + jobId + ":partials";
    }

    /** A list of the job's provider attempts, as JSON entries. */
    public String attemptsKey(String jobId) {
        return namespace + ":job:" + jobId + ":attempts";
    }

    /** The live permit leases of a provider's global concurrency limit (a sorted set by expiry). */
    public String permitsKey(String provider) {
        return namespace + ":permits:" + provider;
    }

    /** The leases of those held by the bulk lane, counted against its share. */
    /** Set while a caller waits for a permit of {@code provider}: releases are announced only then. */
    public String permitsContendedKey(String provider) {
        return namespace + ":permits:" + provider + ":contended";
    }

    public String bulkPermitsKey(String provider) {
        return namespace + ":permits:" + provider + ":bulk";
    }

    /** The theoretical arrival time of a provider's requests-per-minute limit (GCRA). */
    public String rateKey(String provider) {
        return namespace + ":rate:" + provider;
    }

    /** The Redis channel on which released permits of a provider are announced. */
    public String permitsChannel(String provider) {
        return namespace + ":permits-released:" + provider;
    }

    /** Running jobs by the expiry of their worker's lease (a sorted set); the reaper re-drives expired ones. */
    public String leasesKey() {
        return namespace + ":jobs:leases";
    }

    /**
     * Worker heartbeats (a hash: worker id to the expiry of its last heartbeat, by the Redis clock): a
     * redelivered job is taken over only from a worker whose heartbeat or lease expired.
     */
    public String workersKey() {
        return namespace + ":workers";
    }

    /** Queued jobs whose work message is not yet confirmed by the broker; the sweeper republishes old ones. */
    /** Running jobs by when their run must end (claim time plus the model's maximum run time). */
    public String runDeadlinesKey() {
        return namespace + ":jobs:run-deadlines";
    }

    /** What each worker serves (hash: worker id -> its expiry and providers with their circuit state). */
    public String providerAdvertisementsKey() {
        return namespace + ":providers:advertised";
    }

    public String unpublishedKey() {
        return namespace + ":jobs:unpublished";
    }

    /** A short lock so that one sweeper at a time runs, whichever worker it is in. */
    public String sweeperLockKey() {
        return namespace + ":sweeper:lock";
    }

    public String imageKey(String imageId) {
        return namespace + ":image:" + imageId;
    }

    public String apiKeyByHash(String secretHash) {
        return namespace + ":apikey:hash:" + secretHash;
    }

    public String apiKeyById(String keyId) {
        return namespace + ":apikey:id:" + keyId;
    }

    /** A set of every API key id, for listing. */
    public String apiKeyIndex() {
        return namespace + ":apikeys";
    }

    /** Pattern matching every Redis key of this namespace (for clean-up of test runs). */
    public String allKeysPattern() {
        return namespace + ":*";
    }
}
