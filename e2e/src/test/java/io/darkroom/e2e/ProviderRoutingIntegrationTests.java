package io.darkroom.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A request through the api and a worker to each provider's stub, in that provider's wire format, and
 * back as OpenAI's answer; and a fallback from a failing provider to the next.
 */
class ProviderRoutingIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();
    private final WireMockServer stub = darkroom.providers;
    private final byte[] png = Images.solidPng(64, 48, 0xFF4477AA, false);

    @BeforeEach
    void resetStubs() {
        stub.resetAll();
        stub.stubFor(get(urlPathEqualTo("/files/result.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(png)));
    }

    @Test
    void openAi() {
        stub.stubFor(post("/openai/v1/images/generations").willReturn(json(200,
                "{\"created\": 1, \"data\": [{\"b64_json\": \"" + b64() + "\", \"revised_prompt\": \"a revised lighthouse\"}]}")));

        JsonNode answer = generate("dall-e-3", "1024x1024");

        assertServedBy(answer, "openai", "0.040");
        assertThat(answer.get("data").get(0).get("revised_prompt").asString()).isEqualTo("a revised lighthouse");
    }

    @Test
    void providersOwnRequestIdIsKeptOnTheJobsAttempt() {
        stub.stubFor(post("/openai/v1/images/generations").willReturn(json(200,
                "{\"created\": 1, \"data\": [{\"b64_json\": \"" + b64() + "\"}]}").withHeader("x-request-id", "req_upstream_81")));

        JsonNode answer = generate("dall-e-3", "1024x1024");

        JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + answer.get("perf").get("request_id").asString(), auth(DEV_KEY)));
        JsonNode attempts = job.get("provider_attempts");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("provider_request_id").asString()).isEqualTo("req_upstream_81");
    }

    @Test
    void stability() {
        stub.stubFor(post("/stability/v2beta/stable-image/generate/core").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withHeader("finish-reason", "SUCCESS").withHeader("seed", "42").withBody(png)));

        assertServedBy(generate("stability/stable-image-core", "1344x768"), "stability", "0.03");
    }

    @Test
    void blackForestLabs() {
        stub.stubFor(post("/bfl/v1/flux-pro-1.1").willReturn(json(200,
                "{\"id\": \"task-1\", \"polling_url\": \"" + stub.baseUrl() + "/bfl/v1/get_result?id=task-1\"}")));
        stub.stubFor(get(urlEqualTo("/bfl/v1/get_result?id=task-1")).willReturn(json(200,
                "{\"id\": \"task-1\", \"status\": \"Ready\", \"result\": {\"sample\": \"" + stub.baseUrl() + "/files/result.png\"}}")));

        assertServedBy(generate("bfl/flux-pro-1.1", "1024x768"), "bfl", "0.04");
        stub.verify(getRequestedFor(urlEqualTo("/files/result.png")));
    }

    @Test
    void replicate() {
        stubReplicateSucceeding();

        assertServedBy(generate("flux/schnell", "1024x1024"), "replicate", "0.003");
    }

    @Test
    void fal() {
        stubFalSucceeding();

        JsonNode answer = generateVia("flux/schnell", "1024x1024", "{\"order\": [\"fal\"], \"allow_fallbacks\": false}");

        assertServedBy(answer, "fal", "0.006");
    }

    @Test
    void ideogram() {
        stub.stubFor(post("/ideogram/v1/ideogram-v3/generate").willReturn(json(200,
                "{\"created\": \"2026-11-20T10:00:00Z\", \"data\": [{\"url\": \"" + stub.baseUrl() + "/files/result.png\","
                        + " \"prompt\": \"a lighthouse\", \"resolution\": \"1024x1024\", \"seed\": 5, \"is_image_safe\": true}]}")));

        assertServedBy(generate("ideogram/v3", "1024x1024"), "ideogram", "0.06");
    }

    @Test
    void google() {
        stub.stubFor(post("/google/v1beta/models/imagen-4.0-generate-001:predict").willReturn(json(200,
                "{\"predictions\": [{\"bytesBase64Encoded\": \"" + b64() + "\", \"mimeType\": \"image/png\"}]}")));

        assertServedBy(generate("google/imagen-4", "1024x1024"), "google", "0.04");
    }

    @Test
    void failingProviderFallsBackToTheNextAndTheJobRecordsBothAttempts() {
        stub.stubFor(post("/replicate/v1/models/black-forest-labs/flux-schnell/predictions").willReturn(json(401,
                "{\"type\": \"about:blank\", \"title\": \"Unauthenticated\", \"status\": 401, \"detail\": \"Invalid token.\"}")));
        stubFalSucceeding();

        JsonNode answer = generate("flux/schnell", "1024x1024");

        assertServedBy(answer, "fal", "0.006");
        JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + answer.get("perf").get("request_id").asString(), auth(DEV_KEY)));
        assertThat(job.get("provider").asString()).isEqualTo("fal");
        JsonNode attempts = job.get("provider_attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("provider").asString()).isEqualTo("replicate");
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("fallback");
        assertThat(attempts.get(0).get("error_code").asString()).isEqualTo("invalid_credentials");
        assertThat(attempts.get(1).get("provider").asString()).isEqualTo("fal");
        assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("succeeded");
    }

    @Test
    void moderationIsNeverFallenBackFromAndAnswersContentPolicyViolation() {
        stub.stubFor(post("/openai/v1/images/generations").willReturn(json(400,
                "{\"error\": {\"message\": \"Your request was rejected by the safety system.\", \"type\": \"image_generation_user_error\","
                        + " \"param\": null, \"code\": \"moderation_blocked\"}}")));

        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"gpt-image-1\", \"prompt\": \"something refused\"}", auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("code").asString()).isEqualTo("content_policy_violation");
        stub.verify(1, postRequestedFor(urlEqualTo("/openai/v1/images/generations")));
    }

    private void stubReplicateSucceeding() {
        stub.stubFor(post("/replicate/v1/models/black-forest-labs/flux-schnell/predictions").willReturn(json(201,
                "{\"id\": \"pred-1\", \"status\": \"succeeded\", \"output\": [\"" + stub.baseUrl() + "/files/result.png\"],"
                        + " \"error\": null, \"urls\": {\"get\": \"" + stub.baseUrl() + "/replicate/v1/predictions/pred-1\","
                        + " \"cancel\": \"" + stub.baseUrl() + "/replicate/v1/predictions/pred-1/cancel\"}}")));
    }

    private void stubFalSucceeding() {
        String requests = stub.baseUrl() + "/fal/fal-ai/flux/requests/req-1";
        stub.stubFor(post("/fal/fal-ai/flux/schnell").willReturn(json(200,
                "{\"request_id\": \"req-1\", \"status\": \"IN_QUEUE\", \"queue_position\": 0, \"response_url\": \"" + requests
                        + "\", \"status_url\": \"" + requests + "/status\", \"cancel_url\": \"" + requests + "/cancel\"}")));
        stub.stubFor(get(urlEqualTo("/fal/fal-ai/flux/requests/req-1/status")).willReturn(json(200, "{\"status\": \"COMPLETED\"}")));
        stub.stubFor(get(urlEqualTo("/fal/fal-ai/flux/requests/req-1")).willReturn(json(200,
                "{\"images\": [{\"url\": \"" + stub.baseUrl() + "/files/result.png\", \"width\": 64, \"height\": 48,"
                        + " \"content_type\": \"image/png\"}], \"seed\": 7, \"has_nsfw_concepts\": [false]}")));
    }

    private JsonNode generate(String model, String size) {
        return generateVia(model, size, null);
    }

    private JsonNode generateVia(String model, String size, String provider) {
        HttpResponse<String> response = darkroom.post("/v1/images/generations", "{\"model\": \"" + model
                + "\", \"prompt\": \"a lighthouse\", \"size\": \"" + size + "\", \"response_format\": \"b64_json\""
                + (provider == null ? "" : ", \"provider\": " + provider) + "}", auth(DEV_KEY));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return darkroom.json(response);
    }

    private void assertServedBy(JsonNode answer, String provider, String cost) {
        byte[] image = Base64.getDecoder().decode(answer.get("data").get(0).get("b64_json").asString());
        assertThat(Images.decode(image).getWidth()).isEqualTo(64);
        assertThat(answer.get("perf").get("provider").asString()).isEqualTo(provider);
        assertThat(answer.get("perf").get("cost_usd").decimalValue()).isEqualByComparingTo(cost);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private String b64() {
        return Base64.getEncoder().encodeToString(png);
    }
}
