package io.darkroom.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompletionWaitersTests {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CompletionWaiters waiters = new CompletionWaiters(meters);

    @Test
    void signalWakesEveryWaiterOfThatJobAndNoOther() {
        CompletionWaiters.Registration first = waiters.register("job_a");
        CompletionWaiters.Registration second = waiters.register("job_a");
        CompletionWaiters.Registration other = waiters.register("job_b");

        waiters.signal("job_a");

        assertThat(first.await(SHORT)).isTrue();
        assertThat(second.await(SHORT)).isTrue();
        assertThat(other.await(SHORT)).isFalse();
    }

    @Test
    void registrationReArmsAfterEachWakeUp() {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        waiters.signal("job_a");
        assertThat(registration.await(SHORT)).isTrue();

        assertThat(registration.await(SHORT)).as("no new event, so the second wait times out").isFalse();
        waiters.signal("job_a");
        assertThat(registration.await(SHORT)).isTrue();
    }

    @Test
    void closedRegistrationsAreForgottenAndCountedInTheGauge() {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isEqualTo(1.0);

        registration.close();

        assertThat(waiters.count()).isZero();
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isZero();
        waiters.signal("job_a");
        assertThat(registration.await(SHORT)).isFalse();
    }

    @Test
    void nextCompletesTrueOnTheJobsEventAndFalseWhenItsTimeRunsOut() throws Exception {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        CompletableFuture<Boolean> pending = registration.next(TimeUnit.SECONDS.toNanos(30));
        assertThat(pending).as("no event yet").isNotDone();

        waiters.signal("job_a");

        assertThat(pending.get(1, TimeUnit.SECONDS)).isTrue();
        registration.rearm();
        assertThat(registration.next(SHORT).get(1, TimeUnit.SECONDS)).as("no event since the rearm").isFalse();
    }

    @Test
    void anEventBetweenRearmAndNextIsNotLost() throws Exception {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        registration.rearm();
        waiters.signal("job_a");

        assertThat(registration.next(TimeUnit.SECONDS.toNanos(30)).getNow(false)).as("already woken").isTrue();
    }
}
