package io.darkroom.worker.routing;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.settings.ProviderSettings;
import io.darkroom.model.Attempt;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.Routing;
import io.darkroom.worker.limits.Permit;
import io.darkroom.worker.limits.Permits;
import io.darkroom.worker.limits.RequestRates;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderRegistry;
import io.darkroom.worker.provider.ProviderResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one delivery of a job on its providers in routing order, recording every attempt on the job (the
 * successful one is handed back with the result, to be stored with it); the attempt log carries the retry
 * state across deliveries:
 * <ul>
 *   <li>a retryable failure asks for a retry on the same provider after a backoff (honouring
 *       {@code Retry-After}), up to the provider's {@code max-attempts}: the caller schedules it on a delay
 *       queue, no thread sleeps;</li>
 *   <li>a provider-side failure (credentials, credits, an open circuit, no permit in time) or exhausted
 *       retries move the job to the next provider of the order, at once;</li>
 *   <li>the caller's own error (invalid request, content policy) fails the job: no retry, no fallback;</li>
 *   <li>a job past its deadline is never sent upstream again;</li>
 *   <li>every call holds a permit of the provider's global concurrency limit and fits its requests-per-minute limit.</li>
 * </ul>
 */
@Component
public class ProviderRouter {

    private static final Logger log = LoggerFactory.getLogger(ProviderRouter.class);

    private final ProviderRegistry providers;
    private final ProviderDirectory directory;
    private final ProviderBreakers breakers;
    private final AttemptLog attempts;
    private final Backoff backoff;
    private final Permits permits;
    private final RequestRates rates;

    ProviderRouter(ProviderRegistry providers, ProviderDirectory directory, ProviderBreakers breakers, AttemptLog attempts,
            BreakerProperties properties, Permits permits, RequestRates rates) {
        this.rates = rates;
        this.providers = providers;
        this.directory = directory;
        this.breakers = breakers;
        this.attempts = attempts;
        this.backoff = properties.backoff();
        this.permits = permits;
    }

    /**
     * @param history  the attempts the job has logged so far, in order (they go on across deliveries and
     *                 retries; the claim returns them)
     * @param contexts the call context for a provider's route (its upstream model, the job's inputs)
     */
    public RoutedOutcome route(Job job, List<Attempt> history, ModelSpec model, Function<String, GenerationContext> contexts) {
        Set<String> tried = history.stream().filter(attempt -> attempt.outcome().equals("fallback"))
                .map(Attempt::provider).collect(Collectors.toSet());
        int[] number = {history.size()};
        String provider = !tried.contains(job.provider()) && usable(job.provider()) ? job.provider() : next(job, model, tried);
        JobError last = history.isEmpty() || history.getLast().errorCode() == null
                ? new JobError("provider_unavailable", "No configured provider serves " + model.id() + " now.")
                : new JobError(history.getLast().errorCode(), history.getLast().message());
        while (provider != null) {
            if (job.pastDeadline(Instant.now())) {
                return RoutedOutcome.failure(provider, new JobError(RoutedOutcome.DEADLINE_EXCEEDED,
                        "The job's deadline passed before it could run; it was not sent upstream."));
            }
            String current = provider;
            int calls = (int) history.stream().filter(attempt -> attempt.provider().equals(current)
                    && attempt.outcome().equals("retry")).count() + 1;
            Step step = call(job, provider, contexts.apply(provider), number, calls);
            if (step.done() != null) {
                return step.done();
            }
            last = step.fellBack();
            tried.add(provider);
            String next = next(job, model, tried);
            log.info("Job {}: provider {} failed ({}); {}", job.id(), provider, last.code(),
                    next == null ? "no provider left" : "falling back to " + next);
            provider = next;
        }
        return RoutedOutcome.failure(null, last);
    }

    /**
     * What one call to one provider left: an outcome that ends this delivery, or the error to fall back from.
     *
     * @param done      success, a scheduled retry, or the caller's own error
     * @param fellBack  why the provider is left for the next one
     */
    private record Step(RoutedOutcome done, JobError fellBack) {

        static Step fallBack(String code, String message) {
            return new Step(null, new JobError(code, message));
        }
    }

    private Step call(Job job, String provider, GenerationContext context, int[] number, int callNumber) {
        ImageProvider adapter = providers.find(provider).orElseThrow();
        if (!breakers.tryAcquire(provider)) {
            return notCalled(job, number, provider, "circuit_open", "The circuit of " + provider + " is open",
                    provider + " is failing; its circuit is open.");
        }
        Permit permit = permit(job, provider);
        if (permit == null) {
            breakers.released(provider);
            return notCalled(job, number, provider, "provider_busy", provider + " stayed at its concurrency limit",
                    provider + " stayed at its concurrency limit.");
        }
        Instant started;
        long start;
        ProviderResult result;
        try (permit) {
            if (!withinRate(provider)) {
                breakers.released(provider);
                return notCalled(job, number, provider, "provider_busy", provider + " stayed at its requests-per-minute limit",
                        provider + " stayed at its requests-per-minute limit.");
            }
            started = Instant.now();
            start = System.nanoTime();
            ProviderException failure = null;
            try {
                result = adapter.generate(job.request(), context);
            } catch (ProviderException e) {
                result = null;
                failure = e;
            }
            forgetInterrupt(job, provider);
            if (failure != null) {
                return failed(job, provider, failure, System.nanoTime() - start, started, number, callNumber);
            }
        } catch (RuntimeException e) {
            breakers.released(provider);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        breakers.succeeded(provider, nanos);
        Attempt succeeded = logged(job, attempt(++number[0], provider, "succeeded", null, null, nanos, started, result.requestId()));
        return new Step(RoutedOutcome.success(provider, result, succeeded), null);
    }

    /**
     * A worker whose claim on a job was lost (its run overran, or it was re-driven) interrupts the job's
     * provider call to stop it. The interrupt has then done its work: cleared here, so that recording the
     * outcome (which the claim check discards) is not cut short too.
     */
    private static void forgetInterrupt(Job job, String provider) {
        if (Thread.interrupted()) {
            log.info("The call of job {} to {} was interrupted: the job is no longer this worker's", job.id(), provider);
        }
    }

    /** The provider was not called (open circuit, no permit, no rate room): record the attempt and fall back. */
    private Step notCalled(Job job, int[] number, String provider, String code, String attemptMessage, String jobMessage) {
        record(job, attempt(++number[0], provider, "fallback", code, attemptMessage, 0, Instant.now(), null));
        return Step.fallBack(code, jobMessage);
    }

    /** A call failed: the caller's error ends routing, a retryable one asks for a retry, else fall back. */
    private Step failed(Job job, String provider, ProviderException e, long nanos, Instant started, int[] number, int callNumber) {
        JobError error = new JobError(e.code(), e.getMessage());
        if (e.causedByRequest()) {
            breakers.released(provider);
            record(job, attempt(++number[0], provider, "failed", e.code(), e.getMessage(), nanos, started, e.requestId().orElse(null)));
            return new Step(RoutedOutcome.failure(provider, error), null);
        }
        breakers.failed(provider, nanos, e);
        int maxCalls = directory.settings(provider).maxAttempts();
        Optional<Duration> delay = e.retryable() && callNumber < maxCalls
                ? backoff.delayBefore(callNumber, e.retryAfter()) : Optional.empty();
        record(job, attempt(++number[0], provider, delay.isPresent() ? "retry" : "fallback", e.code(), e.getMessage(), nanos, started,
                e.requestId().orElse(null)));
        return delay.map(after -> new Step(RoutedOutcome.retry(provider, after, error), null)).orElse(new Step(null, error));
    }

    private Permit permit(Job job, String provider) {
        ProviderSettings settings = directory.settings(provider);
        try {
            return permits.acquire(provider, job.lane(), settings.concurrency(), settings.maxWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a permit of " + provider, e);
        }
    }

    private boolean withinRate(String provider) {
        ProviderSettings settings = directory.settings(provider);
        try {
            return rates.await(provider, settings.requestsPerMinute(), settings.maxWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the rate limit of " + provider, e);
        }
    }

    private String next(Job job, ModelSpec model, Set<String> tried) {
        return Routing.next(model, job.request().provider().orElse(null), tried, this::usable);
    }

    private boolean usable(String provider) {
        return directory.isEnabled(provider) && providers.find(provider).isPresent() && !breakers.isOpen(provider);
    }

    private void record(Job job, Attempt attempt) {
        attempts.record(job.id(), logged(job, attempt));
    }

    /**
     * One log line per attempt, with the provider's own request id for a support ticket: INFO for a failed attempt,
     * DEBUG for a successful one (a log line per job costs the hot path; the id is on the job's attempts either way).
     */
    private static Attempt logged(Job job, Attempt attempt) {
        boolean failed = attempt.errorCode() != null;
        if (failed ? log.isInfoEnabled() : log.isDebugEnabled()) {
            String line = "Job {} attempt {} on {}: {} in {} ms (error {}, provider request id {})";
            Object[] values = {job.id(), attempt.number(), attempt.provider(), attempt.outcome(), attempt.latencyMs(),
                    Objects.requireNonNullElse(attempt.errorCode(), "none"), Objects.requireNonNullElse(attempt.providerRequestId(), "none")};
            if (failed) {
                log.info(line, values);
            } else {
                log.debug(line, values);
            }
        }
        return attempt;
    }

    private static Attempt attempt(int number, String provider, String outcome, String code, String message, long nanos, Instant started,
            String providerRequestId) {
        return new Attempt(number, provider, outcome, code, message, nanos / 1_000_000, started, providerRequestId);
    }
}
