package io.darkroom.worker.routing;

import io.darkroom.infra.providers.ProviderDirectory;
import io.darkroom.infra.providers.ProviderSettings;
import io.darkroom.worker.limits.Permit;
import io.darkroom.worker.limits.Permits;
import io.darkroom.model.Attempt;
import io.darkroom.model.Job;
import io.darkroom.model.JobError;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.Routing;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderRegistry;
import io.darkroom.worker.provider.ProviderResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a job on its providers in routing order, recording every attempt on the job:
 * <ul>
 *   <li>a retryable failure is tried again on the same provider after a backoff (honouring
 *       {@code Retry-After}), up to the provider's {@code max-attempts};</li>
 *   <li>a provider-side failure (credentials, credits, an open circuit) or exhausted retries move the job to
 *       the next provider of the order, if any;</li>
 *   <li>the caller's own error (invalid request, content policy) fails the job at once: no retry, no fallback.</li>
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

    ProviderRouter(ProviderRegistry providers, ProviderDirectory directory, ProviderBreakers breakers, AttemptLog attempts,
            BreakerProperties properties, Permits permits) {
        this.permits = permits;
        this.providers = providers;
        this.directory = directory;
        this.breakers = breakers;
        this.attempts = attempts;
        this.backoff = properties.backoff();
    }

    /**
     * @param contexts the call context for a provider's route (its upstream model, the job's inputs)
     */
    public RoutedOutcome route(Job job, ModelSpec model, Function<String, GenerationContext> contexts) {
        Set<String> tried = new HashSet<>();
        int[] number = {attempts.count(job.id())};
        String provider = usable(job.provider()) ? job.provider() : next(job, model, tried);
        JobError last = new JobError("provider_unavailable", "No configured provider serves " + model.id() + " now.");
        while (provider != null) {
            tried.add(provider);
            Call call = tryProvider(job, provider, contexts.apply(provider), number);
            if (call.result() != null) {
                return RoutedOutcome.success(provider, call.result());
            }
            if (call.stop()) {
                return RoutedOutcome.failure(provider, call.error());
            }
            last = call.error();
            String next = next(job, model, tried);
            log.info("Job {}: provider {} failed ({}); {}", job.id(), provider, last.code(),
                    next == null ? "no provider left" : "falling back to " + next);
            provider = next;
        }
        return RoutedOutcome.failure(null, last);
    }

    /** One provider's calls for a job, with retries: a result, or an error that stops or moves on. */
    private Call tryProvider(Job job, String provider, GenerationContext context, int[] number) {
        ImageProvider adapter = providers.find(provider).orElseThrow();
        int maxCalls = directory.settings(provider).maxAttempts();
        for (int call = 1; ; call++) {
            if (!breakers.tryAcquire(provider)) {
                record(job, ++number[0], provider, "fallback", "circuit_open", "The circuit of " + provider + " is open", 0, Instant.now());
                return Call.next(new JobError("circuit_open", provider + " is failing; its circuit is open."));
            }
            Permit permit = permit(job, provider);
            if (permit == null) {
                breakers.released(provider);
                record(job, ++number[0], provider, "fallback", "no_permit", "No permit of " + provider + " came free in time", 0, Instant.now());
                return Call.next(new JobError("provider_busy", provider + " stayed at its concurrency limit."));
            }
            Instant started = Instant.now();
            long start = System.nanoTime();
            try (permit) {
                ProviderResult result = adapter.generate(job.request(), context);
                long nanos = System.nanoTime() - start;
                breakers.succeeded(provider, nanos);
                record(job, ++number[0], provider, "succeeded", null, null, nanos, started);
                return new Call(result, null, true);
            } catch (ProviderException e) {
                long nanos = System.nanoTime() - start;
                JobError error = new JobError(e.code(), e.getMessage());
                if (e.causedByRequest()) {
                    breakers.released(provider);
                    record(job, ++number[0], provider, "failed", e.code(), e.getMessage(), nanos, started);
                    return new Call(null, error, true);
                }
                breakers.failed(provider, nanos, e);
                Optional<Duration> delay = e.retryable() && call < maxCalls ? backoff.delayBefore(call, e.retryAfter()) : Optional.empty();
                record(job, ++number[0], provider, delay.isPresent() ? "retry" : "fallback", e.code(), e.getMessage(), nanos, started);
                if (delay.isEmpty()) {
                    return Call.next(error);
                }
                sleep(delay.get());
            }
        }
    }

    /**
     * @param result the images, when the provider succeeded
     * @param error  why it failed
     * @param stop   whether routing ends here (success, or the caller's own error)
     */
    private record Call(ProviderResult result, JobError error, boolean stop) {

        static Call next(JobError error) {
            return new Call(null, error, false);
        }
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

    private String next(Job job, ModelSpec model, Set<String> tried) {
        return Routing.next(model, job.request().provider(), tried, this::usable);
    }

    private boolean usable(String provider) {
        return directory.isEnabled(provider) && providers.find(provider).isPresent() && !breakers.isOpen(provider);
    }

    private void record(Job job, int number, String provider, String outcome, String code, String message, long nanos,
            Instant started) {
        attempts.record(job.id(), new Attempt(number, provider, outcome, code, message, nanos / 1_000_000, started));
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
