package io.darkroom.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.JobEvent;
import io.darkroom.model.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompletionWaitersTests {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CompletionWaiters waiters = new CompletionWaiters(meters);

    private static JobEvent finished(String jobId) {
        return new JobEvent(jobId, JobStatus.SUCCEEDED, Map.of("id", jobId, "status", "succeeded"));
    }

    @Test
    void signalWakesEveryWaiterOfThatJobAndNoOther() {
        CompletionWaiters.Registration first = waiters.register("job_a");
        CompletionWaiters.Registration second = waiters.register("job_a");
        CompletionWaiters.Registration other = waiters.register("job_b");

        waiters.signal(finished("job_a"));

        assertThat(first.await(SHORT)).isTrue();
        assertThat(second.await(SHORT)).isTrue();
        assertThat(other.await(SHORT)).isFalse();
    }

    @Test
    void registrationReArmsAfterEachWakeUp() {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        waiters.signal(finished("job_a"));
        assertThat(registration.await(SHORT)).isTrue();

        assertThat(registration.await(SHORT)).as("no new event, so the second wait times out").isFalse();
        waiters.signal(finished("job_a"));
        assertThat(registration.await(SHORT)).isTrue();
    }

    @Test
    void closedRegistrationsAreForgottenAndCountedInTheGauge() {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isEqualTo(1.0);

        registration.close();

        assertThat(waiters.count()).isZero();
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isZero();
        waiters.signal(finished("job_a"));
        assertThat(registration.await(SHORT)).isFalse();
    }

    @Test
    void nextCompletesWithTheJobsEventAndWithNullWhenItsTimeRunsOut() throws Exception {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        CompletableFuture<JobEvent> pending = registration.next(TimeUnit.SECONDS.toNanos(30));
        assertThat(pending).as("no event yet").isNotDone();

        JobEvent event = finished("job_a");
        waiters.signal(event);

        assertThat(pending.get(1, TimeUnit.SECONDS)).isSameAs(event);
        registration.rearm();
        assertThat(registration.next(SHORT).get(1, TimeUnit.SECONDS)).as("no event since the rearm").isNull();
    }

    @Test
    void aTimedOutNextLeavesTheRegistrationArmedForTheEvent() throws Exception {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        assertThat(registration.next(SHORT).get(1, TimeUnit.SECONDS)).isNull();

        waiters.signal(finished("job_a"));

        assertThat(registration.next(TimeUnit.SECONDS.toNanos(30)).get(1, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anEventBetweenRearmAndNextIsNotLost() throws Exception {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        registration.rearm();
        waiters.signal(finished("job_a"));

        assertThat(registration.next(TimeUnit.SECONDS.toNanos(30)).getNow(null)).as("already woken").isNotNull();
    }

    @Test
    void aWaiterRegisteringJustAfterItsJobsEventIsWokenByIt() {
        JobEvent event = finished("job_fast");
        waiters.signal(event);

        CompletionWaiters.Registration late = waiters.register("job_fast");

        assertThat(late.next(TimeUnit.SECONDS.toNanos(30)).getNow(null)).isSameAs(event);
        assertThat(waiters.register("job_other").next(SHORT).getNow(null)).as("another job's event wakes nobody").isNull();
    }
}
