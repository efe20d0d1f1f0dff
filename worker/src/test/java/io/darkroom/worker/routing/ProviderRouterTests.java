package io.darkroom.worker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.settings.ProvidersProperties;
import io.darkroom.model.Attempt;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.Job;
import io.darkroom.model.JobStatus;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ProviderPreference;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderRegistry;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.ProviderStubs;
import io.darkroom.worker.provider.RenderedImage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Routing of flux/schnell (replicate, then fal) with fake adapters and an in-memory attempt log. */
class ProviderRouterTests {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    private static final ModelSpec SCHNELL = CATALOG.find("flux/schnell").orElseThrow();

    private final Map<String, Supplier<ProviderResult>> behaviour = new HashMap<>();
    private final Map<String, AtomicInteger> calls = new HashMap<>();
    private final MemoryAttemptLog log = new MemoryAttemptLog();
    /** The providers whose circuit changed state, in order. */
    private final List<String> changed = new ArrayList<>();
    private final ProviderBreakers breakers = new ProviderBreakers(
            new BreakerProperties(50, 4, 4, Duration.ofMinutes(1), 1, Duration.ofMillis(1), Duration.ofMillis(50)),
            event -> changed.add(((ProviderBreakers.CircuitChanged) event).provider()), new SimpleMeterRegistry());
    private final ProviderRouter router = new ProviderRouter(
            new ProviderRegistry(List.of(fake("replicate"), fake("fal"))),
            directoryWith("replicate", "fal"), breakers, log,
            new BreakerProperties(50, 4, 4, Duration.ofMinutes(1), 1, Duration.ofMillis(1), Duration.ofMillis(50)),
            (provider, lane, limit, maxWait) -> io.darkroom.worker.limits.Permit.unguarded(provider),
            new io.darkroom.worker.limits.RequestRates(null, null));

    @Test
    void firstProviderThatSucceedsWinsAndItsAttemptIsLogged() {
        behaviour.put("replicate", ProviderRouterTests::image);

        RoutedOutcome outcome = route(job(null));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.provider()).isEqualTo("replicate");
        assertThat(log.attempts).extracting(Attempt::provider, Attempt::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("replicate", "succeeded"));
    }

    @Test
    void providerSideFailureFallsBackToTheNextProviderWithoutRetrying() {
        behaviour.put("replicate", () -> {
            throw ProviderException.unavailable("replicate", "invalid_credentials", "401");
        });
        behaviour.put("fal", ProviderRouterTests::image);

        RoutedOutcome outcome = route(job(null));

        assertThat(outcome.provider()).isEqualTo("fal");
        assertThat(calls.get("replicate")).hasValue(1);
        assertThat(log.attempts).extracting(Attempt::provider, Attempt::outcome, Attempt::errorCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("replicate", "fallback", "invalid_credentials"),
                org.assertj.core.groups.Tuple.tuple("fal", "succeeded", null));
    }

    @Test
    void retryableFailureAsksForARetryHonouringRetryAfterUpToTheProvidersAttemptsThenFallsBack() {
        behaviour.put("replicate", () -> {
            throw ProviderException.retryable("replicate", "rate_limited", "429", Duration.ofMillis(5), null);
        });
        behaviour.put("fal", ProviderRouterTests::image);
        Job job = job(null);

        RoutedOutcome first = route(job);
        RoutedOutcome second = route(job);
        RoutedOutcome third = route(job);

        assertThat(first.retrying()).isTrue();
        assertThat(first.retryAfter()).isEqualTo(Duration.ofMillis(5));
        assertThat(first.provider()).isEqualTo("replicate");
        assertThat(second.retrying()).isTrue();
        assertThat(third.provider()).isEqualTo("fal");
        assertThat(third.succeeded()).isTrue();
        assertThat(calls.get("replicate")).hasValue(3);
        assertThat(log.attempts).extracting(Attempt::outcome).containsExactly("retry", "retry", "fallback", "succeeded");
    }

    @Test
    void everyAttemptKeepsTheProvidersOwnRequestId() {
        behaviour.put("replicate", () -> {
            throw ProviderException.unavailable("replicate", "invalid_credentials", "401").withRequestId("rep-401");
        });
        behaviour.put("fal", () -> new ProviderResult(image().images(), null, null, null, "fal-req-7"));

        RoutedOutcome outcome = route(job(null));

        assertThat(outcome.attempt().providerRequestId()).isEqualTo("fal-req-7");
        assertThat(log.attempts).extracting(Attempt::provider, Attempt::providerRequestId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("replicate", "rep-401"), org.assertj.core.groups.Tuple.tuple("fal", "fal-req-7"));
    }

    @Test
    void retryThatSucceedsStaysOnTheProvider() {
        AtomicInteger tries = new AtomicInteger();
        behaviour.put("replicate", () -> {
            if (tries.incrementAndGet() == 1) {
                throw ProviderException.retryableFailure("replicate", "timeout", "slow", null);
            }
            return image();
        });
        Job job = job(null);

        assertThat(route(job).retrying()).isTrue();
        assertThat(route(job).provider()).isEqualTo("replicate");
        assertThat(calls.containsKey("fal")).isFalse();
    }

    @Test
    void jobPastItsDeadlineIsNeverSentUpstream() {
        behaviour.put("replicate", ProviderRouterTests::image);
        Job late = job(null).withDeadline(java.time.Instant.now().minusSeconds(1));

        RoutedOutcome outcome = route(late);

        assertThat(outcome.deadlinePassed()).isTrue();
        assertThat(calls).isEmpty();
    }

    @Test
    void callersOwnErrorStopsAtOnceWithNeitherRetryNorFallback() {
        behaviour.put("replicate", () -> {
            throw ProviderException.contentPolicy("replicate", "NSFW content detected");
        });
        behaviour.put("fal", ProviderRouterTests::image);

        RoutedOutcome outcome = route(job(null));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error().code()).isEqualTo("content_policy_violation");
        assertThat(calls.containsKey("fal")).isFalse();
        assertThat(calls.get("replicate")).hasValue(1);
    }

    @Test
    void everyProviderFailingEndsWithTheLastError() {
        behaviour.put("replicate", () -> {
            throw ProviderException.unavailable("replicate", "out_of_credits", "402");
        });
        behaviour.put("fal", () -> {
            throw ProviderException.unavailable("fal", "invalid_credentials", "401");
        });

        RoutedOutcome outcome = route(job(null));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.error().code()).isEqualTo("invalid_credentials");
    }

    @Test
    void requestOrderWithoutFallbacksNeverTouchesOtherProviders() {
        behaviour.put("fal", () -> {
            throw ProviderException.unavailable("fal", "out_of_credits", "403");
        });
        behaviour.put("replicate", ProviderRouterTests::image);

        RoutedOutcome outcome = route(job(new ProviderPreference(List.of("fal"), false)));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(calls.containsKey("replicate")).isFalse();
    }

    @Test
    void repeatedProviderFailuresOpenItsCircuitAndLaterJobsSkipIt() {
        behaviour.put("replicate", () -> {
            throw ProviderException.unavailable("replicate", "provider_refused", "403");
        });
        behaviour.put("fal", ProviderRouterTests::image);

        for (int job = 0; job < 4; job++) {
            route(job(null));
        }
        int replicateCalls = calls.get("replicate").get();
        RoutedOutcome third = route(job(null));

        assertThat(changed).as("the circuit opened, once").containsExactly("replicate");
        assertThat(third.provider()).isEqualTo("fal");
        assertThat(calls.get("replicate")).as("an open circuit is not called").hasValue(replicateCalls);
    }

    @Test
    void openCircuitLetsAProbeThroughAfterItsOpenPeriodAndClosesWhenTheProviderRecovers() throws Exception {
        BreakerProperties quick = new BreakerProperties(50, 4, 4, Duration.ofMillis(300), 1, Duration.ofMillis(1), Duration.ofMillis(50));
        ProviderBreakers quickBreakers = new ProviderBreakers(quick, event -> { }, new SimpleMeterRegistry());
        ProviderRouter quickRouter = new ProviderRouter(new ProviderRegistry(List.of(fake("replicate"), fake("fal"))),
                directoryWith("replicate", "fal"), quickBreakers, log, quick,
                (provider, lane, limit, maxWait) -> io.darkroom.worker.limits.Permit.unguarded(provider),
                new io.darkroom.worker.limits.RequestRates(null, null));
        behaviour.put("replicate", () -> {
            throw ProviderException.unavailable("replicate", "provider_refused", "outage");
        });
        behaviour.put("fal", ProviderRouterTests::image);
        for (int job = 0; job < 4; job++) {
            quickRouter.route(job(null), List.of(), SCHNELL, provider -> new ProviderStubs.Context(provider));
        }
        assertThat(quickBreakers.isOpen("replicate")).isTrue();

        behaviour.put("replicate", ProviderRouterTests::image);
        Thread.sleep(600);
        RoutedOutcome probe = quickRouter.route(job(null), List.of(), SCHNELL, provider -> new ProviderStubs.Context(provider));

        assertThat(probe.provider()).as("the probe after the open period goes to replicate").isEqualTo("replicate");
        assertThat(quickBreakers.state("replicate")).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    private RoutedOutcome route(Job job) {
        RoutedOutcome outcome = router.route(job, log.of(job.id()), SCHNELL,
                provider -> new ProviderStubs.Context(SCHNELL.route(provider).orElseThrow().upstreamModel()));
        if (outcome.succeeded()) {
            log.record(job.id(), outcome.attempt());
        }
        return outcome;
    }

    private static Job job(ProviderPreference preference) {
        ValidatedImageRequest request = CATALOG.validate(ImageRequest.builder().model("flux/schnell").prompt("x").provider(preference).build());
        String first = io.darkroom.model.Routing.order(SCHNELL, preference).getFirst();
        return new Job(io.darkroom.model.Ids.newJobId(), "key", JobStatus.RUNNING, SCHNELL.id(), first, Lane.INTERACTIVE,
                request, null, null, null, 1, null, null, null);
    }

    private ImageProvider fake(String name) {
        return new ImageProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProviderResult generate(ValidatedImageRequest request, io.darkroom.worker.provider.GenerationContext context) {
                calls.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
                return behaviour.getOrDefault(name, () -> {
                    throw new AssertionError(name + " was not expected to be called");
                }).get();
            }
        };
    }

    private static ProviderResult image() {
        return new ProviderResult(List.of(new RenderedImage(ProviderStubs.png(8, 8), OutputFormat.PNG, 8, 8)), null, null, null, null);
    }

    private static ProviderDirectory directoryWith(String... providers) {
        Map<String, ProvidersProperties.Instance> instances = new HashMap<>();
        for (String provider : providers) {
            instances.put(provider, new ProvidersProperties.Instance("http://127.0.0.1:9", "key", null, null, null, null, null,
                    null, 3, null, null));
        }
        return new ProviderDirectory(new ProvidersProperties(new ProvidersProperties.Defaults(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofSeconds(1), 4, 3, List.of()), instances), CATALOG.providers());
    }

    /** Every job's attempts, and all of them in order across jobs. */
    private static final class MemoryAttemptLog implements AttemptLog {
        final List<Attempt> attempts = new ArrayList<>();
        final Map<String, List<Attempt>> byJob = new HashMap<>();

        @Override
        public void record(String jobId, Attempt attempt) {
            attempts.add(attempt);
            byJob.computeIfAbsent(jobId, id -> new ArrayList<>()).add(attempt);
        }

        List<Attempt> of(String jobId) {
            return List.copyOf(byJob.getOrDefault(jobId, List.of()));
        }
    }
}
