package io.darkroom.model;

import static io.darkroom.model.BatchStatus.CANCELLED;
import static io.darkroom.model.BatchStatus.CANCELLING;
import static io.darkroom.model.BatchStatus.COMPLETED;
import static io.darkroom.model.BatchStatus.EXPIRED;
import static io.darkroom.model.BatchStatus.EXPIRING;
import static io.darkroom.model.BatchStatus.FAILED;
import static io.darkroom.model.BatchStatus.IN_PROGRESS;
import static io.darkroom.model.BatchStatus.VALIDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchStatusTests {

    @Test
    void validatingBatchMayStartFailStopOrExpireButNotCompleteWithoutRunning() {
        assertThat(EnumSet.allOf(BatchStatus.class)).filteredOn(VALIDATING::canMoveTo)
                .containsExactlyInAnyOrder(IN_PROGRESS, FAILED, CANCELLING, EXPIRING);
    }

    @Test
    void runningBatchMayCompleteBeCancelledOrExpireButNotFailOrGoBackToValidating() {
        assertThat(EnumSet.allOf(BatchStatus.class)).filteredOn(IN_PROGRESS::canMoveTo)
                .containsExactlyInAnyOrder(COMPLETED, CANCELLING, EXPIRING);
    }

    @Test
    void stoppingBatchEndsOnlyAsWhatItIsStoppingFor() {
        assertThat(EnumSet.allOf(BatchStatus.class)).filteredOn(CANCELLING::canMoveTo).containsExactly(CANCELLED);
        assertThat(EnumSet.allOf(BatchStatus.class)).filteredOn(EXPIRING::canMoveTo).containsExactly(EXPIRED);
        assertThat(EnumSet.allOf(BatchStatus.class)).filteredOn(BatchStatus::isStopping).containsExactlyInAnyOrder(CANCELLING, EXPIRING);
    }

    @ParameterizedTest
    @EnumSource(names = {"COMPLETED", "FAILED", "CANCELLED", "EXPIRED"})
    void finalStatesAreTerminalAndAllowNoMoveAtAll(BatchStatus terminal) {
        assertThat(terminal.isTerminal()).isTrue();
        assertThat(EnumSet.allOf(BatchStatus.class)).noneMatch(terminal::canMoveTo);
    }

    @Test
    void sourcesOfAStateAreExactlyTheStatesThatMayMoveIntoIt() {
        assertThat(BatchStatus.sourcesOf(COMPLETED)).containsExactly(IN_PROGRESS);
        assertThat(BatchStatus.sourcesOf(CANCELLING)).containsExactlyInAnyOrder(VALIDATING, IN_PROGRESS);
        assertThat(BatchStatus.sourcesOf(CANCELLED)).containsExactly(CANCELLING);
        assertThat(BatchStatus.sourcesOf(VALIDATING)).as("a batch starts validating; nothing moves back to it").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(BatchStatus.class)
    void wireNameRoundTripsAndIsWhatOpenAiShowsExceptForExpiring(BatchStatus status) {
        assertThat(BatchStatus.fromWireName(status.wireName())).isEqualTo(status);
        assertThat(status.openAiName()).isEqualTo(status == EXPIRING ? "finalizing" : status.wireName());
    }

    @Test
    void unknownWireNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> BatchStatus.fromWireName("finalizing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'finalizing'");
    }
}
