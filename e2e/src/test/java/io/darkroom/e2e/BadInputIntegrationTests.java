package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class BadInputIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"prompt\": \"x\", \"model\": \"no/such-model\"}              | model",
        "{\"prompt\": \"x\", \"size\": \"999x999\"}                     | size",
        "{\"prompt\": \"x\", \"n\": 0}                                  | n",
        "{\"prompt\": \"x\", \"n\": 11}                                 | n",
        "{\"prompt\": \"x\", \"n\": \"three\"}                          | n",
        "{\"model\": \"local/fast\"}                                    | prompt",
        "{\"prompt\": \"x\", \"response_format\": \"gif\"}              | response_format",
        "{\"prompt\": \"x\", \"output_format\": \"bmp\"}                | output_format",
        "{\"prompt\": \"x\", \"output_format\": \"jpeg\", \"background\": \"transparent\"} | background",
        "{\"prompt\": \"x\", \"unheard_of\": true}                      | unheard_of",
        "{\"prompt\": \"x\", \"metadata\": {\"k\": {\"nested\": 1}}}    | metadata.k",
        "{\"prompt\": \"x\", \"provider\": {\"order\": [\"nowhere\"]}}   | provider.order",
        "{\"prompt\": \"x\", \"provider\": {\"sort\": \"price\"}}       | provider.sort",
        "{\"prompt\": \"x\", \"priority\": \"urgent\"}                   | priority",
        "{\"prompt\": \"x\", \"webhook_url\": \"ftp://example.com/h\"}    | webhook_url",
        "{\"prompt\": \"x\", \"style\": \"baroque\"}                     | style",
        "{\"prompt\": \"x\", \"partial_images\": 9}                      | partial_images",
    })
    void badParameterGets400InOpenAisErrorShapeNamingIt(String body, String param) {
        HttpResponse<String> response = darkroom.post("/v1/images/generations", body, auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = darkroom.json(response).get("error");
        assertThat(error.get("param").asString()).isEqualTo(param);
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("message").asString()).isNotBlank().doesNotContain("java.", "io.darkroom");
        assertThat(error.has("code")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"prompt\": ", "[1, 2]", "null", "\"just a string\"", "{}{}"})
    void malformedBodiesGet400NeverA5xx(String body) {
        HttpResponse<String> response = darkroom.post("/v1/images/generations", body, auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("type").asString()).isEqualTo("invalid_request_error");
    }

    @org.junit.jupiter.api.Test
    void promptLongerThanTheModelAllowsIsRefusedNamingPrompt() {
        String prompt = "a".repeat(32_001);
        HttpResponse<String> response = darkroom.post("/v1/images/generations", "{\"prompt\": \"" + prompt + "\"}", auth(DEV_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("param").asString()).isEqualTo("prompt");
    }
}
