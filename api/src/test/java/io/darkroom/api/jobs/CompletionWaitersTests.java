package io.darkroom.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CompletionWaitersTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CompletionWaiters waiters = new CompletionWaiters(meters);

    @Test
    void signalWakesEveryWaiterOfThatJobAndNoOther() {
        CompletionWaiters.Registration first = waiters.register("job_a");
        CompletionWaiters.Registration second = waiters.register("job_a");
        CompletionWaiters.Registration other = waiters.register("job_b");

        waiters.signal("job_a");

        assertThat(first.signal()).isDone();
        assertThat(second.signal()).isDone();
        assertThat(other.signal()).isNotDone();
    }

    @Test
    void closedRegistrationsAreForgottenAndCountedInTheGauge() {
        CompletionWaiters.Registration registration = waiters.register("job_a");
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isEqualTo(1.0);

        registration.close();

        assertThat(waiters.count()).isZero();
        assertThat(meters.get("darkroom.sync.waiters").gauge().value()).isZero();
        waiters.signal("job_a");
        assertThat(registration.signal()).isNotDone();
    }
}
