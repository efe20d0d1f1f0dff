package io.darkroom.cli.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OutputRowTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void succeededLineGivesItsImagesInOrder() {
        OutputRow row = OutputRow.parse(json.readTree("""
                {"id": "batch_req_1", "custom_id": "cat", "response": {"status_code": 200, "request_id": "job_1",
                 "body": {"created": 1, "data": [{"url": "http://h/hosted/a.png"}, {"b64_json": "iVBORw=="}]}}, "error": null}
                """));

        assertThat(row.error()).isNull();
        assertThat(row.customId()).isEqualTo("cat");
        assertThat(row.images()).containsExactly(new OutputRow.Image("http://h/hosted/a.png", null), new OutputRow.Image(null, "iVBORw=="));
    }

    @Test
    void lineTheBatchStoppedCarriesItsErrorWithoutAResponse() {
        OutputRow row = OutputRow.parse(json.readTree("""
                {"id": "batch_req_2", "custom_id": "dog", "response": null,
                 "error": {"code": "batch_cancelled", "message": "The batch was cancelled before this line finished."}}
                """));

        assertThat(row.images()).isEmpty();
        assertThat(row.error().code()).isEqualTo("batch_cancelled");
    }

    @Test
    void lineThatFailedUpstreamCarriesTheErrorOfItsResponseBody() {
        OutputRow row = OutputRow.parse(json.readTree("""
                {"id": "batch_req_3", "custom_id": "owl", "response": {"status_code": 500, "request_id": "job_3",
                 "body": {"error": {"message": "Provider timed out", "type": "server_error", "code": "provider_timeout"}}}, "error": null}
                """));

        assertThat(row.error()).isEqualTo(new BatchState.LineError("provider_timeout", "Provider timed out"));
    }
}
