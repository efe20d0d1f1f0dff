package io.darkroom.worker.provider.replicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.ProviderStubs;
import io.darkroom.worker.provider.contract.CapturedRequest;
import io.darkroom.worker.provider.contract.ProviderContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Replicate adapter against a stub speaking Replicate's predictions wire format. */
class ReplicateProviderTests {

    /**
     * Replicate's published OpenAPI description ({@code contracts/replicate}, decision 032): every exchange of every
     * test meets it where it describes one.
     */
    private static final ProviderContract REPLICATE = ProviderContract.published("replicate");

    private static final String SCHNELL = "/v1/models/black-forest-labs/flux-schnell/predictions";
    private static final String PREDICTION = "/v1/predictions/p1";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private ReplicateProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new ReplicateProvider(ProviderStubs.directory("replicate", stub.baseUrl() + "/v1"));
    }

    @AfterEach
    void stop() {
        try {
            REPLICATE.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void aPredictionFinishedWithinPreferWaitIsDownloadedWithItsRequestMapped() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[\"" + blob("a.jpg") + "\", \"" + blob("b.jpg")
                + "\"]", null, ""))));
        stub.stubFor(get("/files/a.jpg").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.jpeg(1344, 768))));
        stub.stubFor(get("/files/b.jpg").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.jpeg(1344, 768))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/schnell")
                .prompt("a harbour at dawn").n(2).size("1344x768").seed(11L).outputFormat("jpeg").build()), context("flux/schnell"));

        assertThat(result.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(image.width()).isEqualTo(1344);
        });
        assertThat(result.requestId()).isEqualTo("p1");
        assertThat(result.seed()).isEqualTo(11L);
        stub.verify(exactly(1), postRequestedFor(urlEqualTo(SCHNELL))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.API_KEY))
                .withHeader("Prefer", equalTo("wait=1")) // the stub's read timeout is 800 ms: Replicate must answer before it
                .withRequestBody(equalToJson("{\"input\": {\"prompt\": \"a harbour at dawn\", \"aspect_ratio\": \"16:9\","
                        + " \"num_outputs\": 2, \"output_format\": \"jpg\", \"seed\": 11}}")));
        stub.verify(exactly(0), getRequestedFor(urlEqualTo(PREDICTION)));
    }

    @Test
    void aPredictionStillRunningIsPolledAtItsGetUrlAndReportsTheSeedFromItsLogs() {
        stub.stubFor(post("/v1/models/black-forest-labs/flux-dev/predictions").willReturn(json(201,
                prediction("p1", "starting", "null", null, ""))));
        stub.stubFor(get(PREDICTION).inScenario("run").whenScenarioStateIs(STARTED).willSetStateTo("processing")
                .willReturn(json(200, prediction("p1", "processing", "null", null, "Using seed: 98765\\n"))));
        stub.stubFor(get(PREDICTION).inScenario("run").whenScenarioStateIs("processing")
                .willReturn(json(200, prediction("p1", "succeeded", "[\"" + blob("out-0") + "\"]", null,
                        "Using seed: 98765\\n0%|          | 0/28\\n100%|##########| 28/28"))));
        stub.stubFor(get("/files/out-0").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 1024))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/dev").prompt("x")
                .size("1024x1024").outputFormat("webp").build()), context("flux/dev"));

        assertThat(result.images()).hasSize(1);
        assertThat(result.seed()).isEqualTo(98765L);
        assertThat(result.requestId()).isEqualTo("p1");
        stub.verify(exactly(2), getRequestedFor(urlEqualTo(PREDICTION))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.API_KEY)));
        stub.verify(postRequestedFor(urlEqualTo("/v1/models/black-forest-labs/flux-dev/predictions")).withRequestBody(equalToJson(
                "{\"input\": {\"prompt\": \"x\", \"aspect_ratio\": \"1:1\", \"num_outputs\": 1, \"output_format\": \"webp\"}}")));
    }

    @Test
    void outputCompressionIsSentAsOutputQuality() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[\"" + blob("a.webp") + "\"]", null, ""))));
        stub.stubFor(get("/files/a.webp").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(768, 1344))));
        ValidatedImageRequest request = ProviderStubs.validatedAsIfTheModelTookEverything(ImageRequest.builder().model("flux/schnell")
                .prompt("x").size("768x1344").outputCompression(80).build());

        provider.generate(request, context("flux/schnell"));

        stub.verify(postRequestedFor(urlEqualTo(SCHNELL)).withRequestBody(matchingJsonPath("$.input.output_quality", equalTo("80")))
                .withRequestBody(matchingJsonPath("$.input.aspect_ratio", equalTo("9:16"))));
    }

    @Test
    void fewerOutputsThanAskedAreMadeUpByAnotherCallWithTheNextSeed() {
        stub.stubFor(post(SCHNELL).withRequestBody(matchingJsonPath("$.input.num_outputs", equalTo("3"))).willReturn(json(201,
                prediction("p1", "succeeded", "[\"" + blob("a.png") + "\", \"" + blob("b.png") + "\"]", null, ""))));
        stub.stubFor(post(SCHNELL).withRequestBody(matchingJsonPath("$.input.num_outputs", equalTo("1"))).willReturn(json(201,
                prediction("p2", "succeeded", "[\"" + blob("c.png") + "\"]", null, ""))));
        stub.stubFor(get(urlEqualTo("/files/a.png")).willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 768))));
        stub.stubFor(get(urlEqualTo("/files/b.png")).willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 768))));
        stub.stubFor(get(urlEqualTo("/files/c.png")).willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 768))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/schnell").prompt("x").n(3)
                .seed(5L).build()), context("flux/schnell"));

        assertThat(result.images()).hasSize(3);
        assertThat(result.requestId()).isEqualTo("p1,p2");
        stub.verify(postRequestedFor(urlEqualTo(SCHNELL)).withRequestBody(equalToJson("{\"input\": {\"prompt\": \"x\","
                + " \"aspect_ratio\": \"4:3\", \"num_outputs\": 1, \"output_format\": \"png\", \"seed\": 7}}")));
    }

    @Test
    void everyModerationShapeIsAContentPolicyViolation() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "failed", "null",
                "NSFW content detected. Try running it again, or try a different prompt.", ""))));
        assertThat(assertFails(ProviderException.Kind.CONTENT_POLICY, ProviderException.CONTENT_POLICY_VIOLATION).getMessage())
                .contains("NSFW content detected");

        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "processing", "null", null, ""))));
        stub.stubFor(get(PREDICTION).willReturn(json(200, prediction("p1", "failed", "null",
                "The input or output was flagged as sensitive. Please try again with different inputs. (E005)", ""))));
        assertFails(ProviderException.Kind.CONTENT_POLICY, ProviderException.CONTENT_POLICY_VIOLATION);

        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[]", null, ""))));
        assertFails(ProviderException.Kind.CONTENT_POLICY, ProviderException.CONTENT_POLICY_VIOLATION);
    }

    @Test
    void otherFailuresAndCancellationsAreRetryable() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "failed", "null", "CUDA error: out of memory", ""))));
        assertThat(assertFails(ProviderException.Kind.RETRYABLE, "provider_error").getMessage()).contains("CUDA error");

        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "processing", "null", null, ""))));
        stub.stubFor(get(PREDICTION).willReturn(json(200, prediction("p1", "canceled", "null", null, ""))));
        assertFails(ProviderException.Kind.RETRYABLE, "canceled");

        stub.stubFor(get(PREDICTION).willReturn(json(200, prediction("p1", "aborted", "null", null, ""))));
        assertFails(ProviderException.Kind.RETRYABLE, "canceled");
    }

    @Test
    void aPredictionRunningBeyondTheMaximumWaitTimesOutAndIsCancelled() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "starting", "null", null, ""))));
        stub.stubFor(get(PREDICTION).willReturn(json(200, prediction("p1", "processing", "null", null, ""))));
        stub.stubFor(post(PREDICTION + "/cancel").willReturn(json(200, prediction("p1", "canceled", "null", null, ""))));

        assertFails(ProviderException.Kind.RETRYABLE, "timeout");

        stub.verify(exactly(1), postRequestedFor(urlEqualTo(PREDICTION + "/cancel"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.API_KEY)));
    }

    @Test
    void badTokenAndMissingCreditAreProviderSide() {
        stub.stubFor(post(SCHNELL).willReturn(problem(401, "Unauthenticated", "You did not pass a valid authentication token")));
        assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");

        stub.stubFor(post(SCHNELL).willReturn(problem(402, "Insufficient credit",
                "You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to purchase credit.")));
        assertThat(assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits").getMessage())
                .contains("insufficient credit");
    }

    @Test
    void inputValidationFailureIsAnInvalidRequest() {
        stub.stubFor(post(SCHNELL).willReturn(json(422, "{\"type\": \"https://replicate.com/docs/errors\", \"title\": \"Input validation"
                + " failed\", \"status\": 422, \"detail\": \"- input.num_outputs: Must be less than or equal to 4\","
                + " \"invalid_fields\": [{\"type\": \"less_than_equal\", \"field\": \"input.num_outputs\","
                + " \"description\": \"Must be less than or equal to 4\"}]}")));

        ProviderException failure = assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(failure.getMessage()).contains("input.num_outputs: Must be less than or equal to 4");
    }

    @Test
    void rateLimitWaitsForRetryAfterOrElseTheResetTimeInTheDetail() {
        stub.stubFor(post(SCHNELL).willReturn(problem(429, "Request was throttled",
                "Request was throttled. Your rate limit resets in ~30s.").withHeader("Retry-After", "7")));
        assertThat(assertFails(ProviderException.Kind.RETRYABLE, "rate_limited").retryAfter()).contains(Duration.ofSeconds(7));

        stub.stubFor(post(SCHNELL).willReturn(problem(429, "Request was throttled", "Request was throttled. Your rate limit resets in ~30s.")));
        assertThat(assertFails(ProviderException.Kind.RETRYABLE, "rate_limited").retryAfter()).contains(Duration.ofSeconds(30));

        stub.stubFor(post(SCHNELL).willReturn(problem(429, "Request was throttled", "Request was throttled.")));
        assertThat(assertFails(ProviderException.Kind.RETRYABLE, "rate_limited").retryAfter()).isEmpty();
    }

    @Test
    void serverErrorsOnCreateOrPollAreRetryable() {
        stub.stubFor(post(SCHNELL).willReturn(problem(502, "Bad Gateway", "upstream unavailable")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");

        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "starting", "null", null, ""))));
        stub.stubFor(get(PREDICTION).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[]", null, ""))
                .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700)));
        assertFails(ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post(SCHNELL).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /** The adapter's prediction requests and polls, and the answers the stub serves them, against Replicate's description. */
    @Nested
    class PublishedContract {

        @Test
        void thePredictionRequestsTheAdapterSendsMatchReplicatesPublishedSpec() {
            stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[\"" + blob("a.webp") + "\"]", null, ""))));
            stub.stubFor(post("/v1/models/black-forest-labs/flux-dev/predictions")
                    .willReturn(json(201, prediction("p2", "starting", "null", null, ""))));
            stub.stubFor(get("/v1/predictions/p2").willReturn(json(200, prediction("p2", "succeeded", "[\"" + blob("a.webp") + "\"]", null,
                    "Using seed: 5"))));
            stub.stubFor(get("/files/a.webp").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(64, 64))));

            provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/schnell").prompt("a harbour").seed(4L)
                    .outputFormat("png").build()), context("flux/schnell"));
            provider.generate(ProviderStubs.validated(ImageRequest.of("flux/dev", "a harbour")), context("flux/dev"));

            assertThat(REPLICATE.assertConforms(stub)).containsExactlyInAnyOrder("post /models/{model_owner}/{model_name}/predictions",
                    "get /predictions/{prediction_id}");
        }

        @Test
        void aPredictionWithoutItsInputEnvelopeIsRejectedByReplicatesPublishedSpec() {
            stub.stubFor(post(SCHNELL).willReturn(json(201, prediction("p1", "succeeded", "[\"" + blob("a.webp") + "\"]", null, ""))));
            stub.stubFor(get("/files/a.webp").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(64, 64))));
            provider.generate(ProviderStubs.validated(ImageRequest.of("flux/schnell", "a harbour")), context("flux/schnell"));
            CapturedRequest sent = REPLICATE.captured(stub, "post /models/{model_owner}/{model_name}/predictions");

            assertThat(REPLICATE.violations(sent)).isEmpty();
            assertThat(REPLICATE.violations(sent.withJsonField("input", "a harbour"))).singleElement().asString().contains("/input");
            assertThat(REPLICATE.violations(sent.withoutHeader("Authorization"))).singleElement().asString().contains("no credentials");
        }
    }

    private String prediction(String id, String status, String output, String error, String logs) {
        String base = stub.baseUrl() + "/v1/predictions/" + id;
        return "{\"id\": \"" + id + "\", \"model\": \"black-forest-labs/flux-schnell\", \"version\": \"dp-4d0bcc010b3049749a251855f12800be\","
                + " \"input\": {\"prompt\": \"x\"}, \"logs\": \"" + logs + "\", \"output\": " + output + ", \"data_removed\": false,"
                + " \"error\": " + (error == null ? "null" : "\"" + error + "\"") + ", \"status\": \"" + status + "\","
                + " \"created_at\": \"2025-01-01T00:00:00.000Z\", \"urls\": {\"cancel\": \"" + base + "/cancel\", \"get\": \"" + base
                + "\", \"stream\": \"https://stream.replicate.com/v1/files/abc\", \"web\": \"https://replicate.com/p/" + id + "\"}}";
    }

    private String blob(String name) {
        return stub.baseUrl() + "/files/" + name;
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder problem(int status, String title, String detail) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\": \"https://replicate.com/docs/errors\", \"title\": \"" + title + "\", \"status\": " + status
                        + ", \"detail\": \"" + detail + "\"}");
    }

    private static ProviderStubs.Context context(String model) {
        return new ProviderStubs.Context(ProviderStubs.upstream(model, "replicate"));
    }

    private ProviderException assertFails(ProviderException.Kind kind, String code) {
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of("flux/schnell", "x"));
        Throwable thrown = catchThrowable(() -> provider.generate(request, context("flux/schnell")));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("replicate");
        return failure;
    }
}
