package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.cli.ExitCodes;
import io.darkroom.cli.StubDarkroom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchStatusCommandTests {

    static final String RUNNING_BATCH = """
            {"id": "batch_1", "object": "batch", "status": "in_progress", "input_file_id": "file-in", "output_file_id": null,
             "error_file_id": null, "request_counts": {"total": 10, "completed": 7, "failed": 1}}""";

    @Test
    void printsIdStatusCountsAndFiles() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/batch_1", 200, RUNNING_BATCH.replace("\"error_file_id\": null",
                "\"error_file_id\": \"file-err\""))) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "status", "batch_1");

            assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.out().lines()).containsExactly("id:          batch_1", "status:      in_progress",
                    "requests:    10 total, 7 completed, 1 failed", "output file: -", "error file:  file-err");
            assertThat(stub.received.getFirst().authorization()).isEqualTo("Bearer " + CommandRun.KEY);
        }
    }

    @Test
    void jsonPrintsTheBatchObjectAsDarkroomAnswersIt() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/batch_1", 200, RUNNING_BATCH)) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "status", "batch_1", "--json");

            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            JsonMapper json = JsonMapper.builder().build();
            assertThat(json.readTree(run.out())).isEqualTo(json.readTree(RUNNING_BATCH));
        }
    }

    @Test
    void unknownBatchIsOneLineAndExitCodeOne() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/batch_9", 404, """
                {"error": {"message": "No batch found with id 'batch_9'.", "type": "invalid_request_error", "code": "not_found"}}""")) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "status", "batch_9");

            assertThat(run.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.err().lines()).singleElement().asString().contains("404").contains("No batch found with id 'batch_9'.");
        }
    }

    @Test
    void idThatIsNotABatchIdIsAUsageErrorAndNothingIsSent() {
        try (StubDarkroom stub = new StubDarkroom()) {
            CommandRun run = CommandRun.against(stub.baseUrl(), "batch", "status", "../files/file-1");

            assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("is not a batch id");
            assertThat(stub.received).isEmpty();
        }
    }
}
