package io.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DarkroomApiTests {

    private static final String KEY = "dr_secret_key_for_tests";

    @Test
    void refusedCallIsOneLineNamingTheParameterAndCode() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches", 400, """
                {"error": {"message": "Invalid 'size':\\n  use one of the model's sizes.", "type": "invalid_request_error",
                 "param": "size", "code": "invalid_value"}}""")) {
            DarkroomApi api = new DarkroomApi(stub.baseUrl(), KEY);

            assertThatThrownBy(() -> api.createBatch("file-1")).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.param()).isEqualTo("size");
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("POST /v1/batches answered 400 invalid_request_error (param 'size'): "
                        + "Invalid 'size': use one of the model's sizes. [invalid_value]");
            });
        }
    }

    @Test
    void errorWithoutOpenAisShapeIsDescribedByItsStatusAndBody() {
        try (StubDarkroom stub = new StubDarkroom().answer("/v1/batches", 502, "text/html", "<h1>Bad gateway</h1>".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> new DarkroomApi(stub.baseUrl(), KEY).batch("batch_1"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("502").hasMessageContaining("Bad gateway");
        }
    }

    @Test
    void apiCallsCarryTheKeyAndImageDownloadsNever() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/batches/", 200, "{\"id\": \"batch_1\"}")
                .answer("/hosted/", 200, "image/png", new byte[] {1, 2, 3})) {
            DarkroomApi api = new DarkroomApi(stub.baseUrl(), KEY);

            api.batch("batch_1");
            byte[] image = api.download(stub.baseUrl() + "/hosted/img_1.png").orElseThrow();

            assertThat(image).containsExactly(1, 2, 3);
            assertThat(stub.received.get(0).authorization()).isEqualTo("Bearer " + KEY);
            assertThat(stub.received.get(1).authorization()).isNull();
        }
    }

    @Test
    void imageGoneFromItsHostIsEmptyNotAFailure() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/hosted/", 404, "{\"error\": {\"message\": \"gone\"}}")) {
            assertThat(new DarkroomApi(stub.baseUrl(), KEY).download(stub.baseUrl() + "/hosted/img_1.png")).isEmpty();
        }
    }

    @Test
    void uploadSendsTheFileAsAMultipartBatchFile() {
        try (StubDarkroom stub = new StubDarkroom().answerJson("/v1/files", 200, "{\"id\": \"file-1\"}")) {
            String id = new DarkroomApi(stub.baseUrl(), KEY).uploadBatchFile("in.jsonl", "{\"custom_id\": \"a\"}\n".getBytes(StandardCharsets.UTF_8));

            assertThat(id).isEqualTo("file-1");
            StubDarkroom.Received upload = stub.received.getFirst();
            assertThat(upload.contentType()).startsWith("multipart/form-data; boundary=");
            assertThat(upload.text()).contains("name=\"purpose\"\r\n\r\nbatch\r\n").contains("filename=\"in.jsonl\"")
                    .contains("{\"custom_id\": \"a\"}\n");
        }
    }

    @Test
    void darkroomNotListeningIsUnreachableNamingWhere() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DarkroomApi api = new DarkroomApi("http://127.0.0.1:" + closedPort, KEY);

        assertThatThrownBy(() -> api.batch("batch_1")).isInstanceOf(UnreachableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageNotContaining(KEY);
    }
}
