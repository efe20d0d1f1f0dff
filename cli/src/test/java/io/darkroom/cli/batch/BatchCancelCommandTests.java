package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.cli.ExitCodes;
import io.darkroom.cli.StubDarkroom;
import org.junit.jupiter.api.Test;

class BatchCancelCommandTests {

    @Test
    void cancelPostsToTheBatchAndPrintsTheStatusItLeavesItIn() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/batch_1/cancel", 200,
                BatchStatusCommandTests.RUNNING_BATCH.replace("in_progress", "cancelling"))) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "cancel", "batch_1");

            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.out().strip()).isEqualTo("batch_1: cancelling");
            assertThat(stub.received).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path()).isEqualTo("/v1/batches/batch_1/cancel");
                assertThat(request.authorization()).isEqualTo("Bearer " + CommandRun.KEY);
            });
        }
    }

    @Test
    void batchThatIsOverAlreadyIsAClearMessageAndExitCodeOne() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/batch_1/cancel", 409, """
                {"error": {"message": "Batch batch_1 is completed and cannot be cancelled.", "type": "invalid_request_error",
                 "code": "batch_not_cancellable"}}""")
                .answerJson("/v1/batches/batch_1", 200, BatchStatusCommandTests.RUNNING_BATCH.replace("in_progress", "completed"))) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "cancel", "batch_1");

            assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err().lines()).singleElement().asString()
                    .isEqualTo("darkroom: batch_1 cannot be cancelled: it is completed (only a validating or in_progress batch can be cancelled).");
            assertThat(run.out()).isEmpty();
        }
    }
}
