package io.darkroom.model;

import static io.darkroom.model.JobStatus.CANCELED;
import static io.darkroom.model.JobStatus.FAILED;
import static io.darkroom.model.JobStatus.QUEUED;
import static io.darkroom.model.JobStatus.RUNNING;
import static io.darkroom.model.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStatusTests {

    @Test
    void queuedJobMayStartBeCanceledOrFailButNotSucceedWithoutRunning() {
        assertThat(QUEUED.canMoveTo(RUNNING)).isTrue();
        assertThat(QUEUED.canMoveTo(CANCELED)).isTrue();
        assertThat(QUEUED.canMoveTo(FAILED)).isTrue();
        assertThat(QUEUED.canMoveTo(SUCCEEDED)).isFalse();
    }

    @Test
    void runningJobMayFinishOrGoBackToTheQueueForARetry() {
        assertThat(EnumSet.allOf(JobStatus.class)).filteredOn(RUNNING::canMoveTo)
                .containsExactlyInAnyOrder(SUCCEEDED, FAILED, CANCELED, QUEUED);
    }

    @ParameterizedTest
    @EnumSource(names = {"SUCCEEDED", "FAILED", "CANCELED"})
    void finalStatesAreTerminalAndAllowNoMoveAtAll(JobStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        for (JobStatus target : JobStatus.values()) {
            assertThat(terminal.canMoveTo(target)).as("%s -> %s", terminal, target).isFalse();
        }
    }

    @Test
    void illegalMoveThrowsNamingBothStates() {
        assertThatThrownBy(() -> SUCCEEDED.moveTo(RUNNING))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("succeeded").hasMessageContaining("running");
    }

    @Test
    void sourcesOfAStateAreExactlyTheStatesThatMayMoveIntoIt() {
        assertThat(JobStatus.sourcesOf(RUNNING)).containsExactly(QUEUED);
        assertThat(JobStatus.sourcesOf(SUCCEEDED)).containsExactly(RUNNING);
        assertThat(JobStatus.sourcesOf(CANCELED)).containsExactlyInAnyOrder(QUEUED, RUNNING);
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void wireNameRoundTrips(JobStatus status) {
        assertThat(JobStatus.fromWireName(status.wireName())).isEqualTo(status);
        assertThat(status.wireName()).isLowerCase();
    }
}
