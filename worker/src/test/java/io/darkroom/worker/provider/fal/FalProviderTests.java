package io.darkroom.worker.provider.fal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The fal adapter against a stub speaking fal's queue wire format. */
class FalProviderTests {

    private static final String SUBMIT = "/fal-ai/flux/dev";
    /** fal's returned URLs drop the model's sub-path ({@code /dev}). */
    private static final String STATUS = "/fal-ai/flux/requests/req-1/status";
    private static final String RESULT = "/fal-ai/flux/requests/req-1";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private FalProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new FalProvider(ProviderStubs.directory("fal", stub.baseUrl()));
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    @Test
    void generationIsQueuedPolledUntilCompletedAndItsImagesDownloaded() {
        stubSubmission();
        stub.stubFor(get(STATUS).inScenario("queue").whenScenarioStateIs(STARTED).willReturn(status(202, "IN_QUEUE"))
                .willSetStateTo("running"));
        stub.stubFor(get(STATUS).inScenario("queue").whenScenarioStateIs("running").willReturn(status(202, "IN_PROGRESS"))
                .willSetStateTo("done"));
        stub.stubFor(get(STATUS).inScenario("queue").whenScenarioStateIs("done").willReturn(status(200, "COMPLETED")));
        stubResult("[{\"url\": \"" + stub.baseUrl() + "/files/a.jpeg\", \"width\": 1344, \"height\": 768, \"content_type\": \"image/jpeg\"}]",
                "[false]");
        stub.stubFor(get("/files/a.jpeg").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.jpeg(1344, 768))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/dev")
                .prompt("a lighthouse").size("1344x768").seed(42L).outputFormat("jpeg").build()), context());

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(image.width()).isEqualTo(1344);
            assertThat(image.height()).isEqualTo(768);
        });
        assertThat(result.seed()).isEqualTo(42L);
        assertThat(result.requestId()).isEqualTo("req-1");
        stub.verify(postRequestedFor(urlEqualTo(SUBMIT)).withHeader("Authorization", equalTo("Key " + ProviderStubs.API_KEY))
                .withRequestBody(equalToJson("{\"prompt\": \"a lighthouse\", \"image_size\": {\"width\": 1344, \"height\": 768},"
                        + " \"num_images\": 1, \"seed\": 42, \"output_format\": \"jpeg\", \"enable_safety_checker\": true}")));
        stub.verify(exactly(3), getRequestedFor(urlEqualTo(STATUS)).withHeader("Authorization", equalTo("Key " + ProviderStubs.API_KEY)));
        stub.verify(getRequestedFor(urlEqualTo(RESULT)).withHeader("Authorization", equalTo("Key " + ProviderStubs.API_KEY)));
    }

    @Test
    void severalImagesAreAskedForInOneCallAsPngWithoutASeed() {
        stubSubmission();
        stubCompleted();
        stubResult("[" + image("a") + ", " + image("b") + ", " + image("c") + "]", "[false, false, false]");
        for (String name : new String[] {"a", "b", "c"}) {
            stub.stubFor(get("/files/" + name + ".png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 1024))));
        }

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.of("flux/dev", "three cats").withN(3)
                .withSize("1024x1024")), context());

        assertThat(result.images()).hasSize(3).allSatisfy(image -> assertThat(image.format()).isEqualTo(OutputFormat.PNG));
        stub.verify(exactly(1), postRequestedFor(urlEqualTo(SUBMIT)));
        stub.verify(postRequestedFor(urlEqualTo(SUBMIT)).withRequestBody(equalToJson("{\"prompt\": \"three cats\","
                + " \"image_size\": {\"width\": 1024, \"height\": 1024}, \"num_images\": 3, \"output_format\": \"png\","
                + " \"enable_safety_checker\": true}")));
    }

    @Test
    void fewerImagesThanAskedAreMadeUpByAnotherCallWithTheNextSeed() {
        stubSubmission();
        stubCompleted();
        stubResult("[" + image("a") + "]", "[false]");
        stub.stubFor(get("/files/a.png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 1024))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.of("flux/dev", "x").withN(2)
                .withSize("1024x1024").withSeed(7L)), context());

        assertThat(result.images()).hasSize(2);
        stub.verify(postRequestedFor(urlEqualTo(SUBMIT)).withRequestBody(equalToJson("{\"num_images\": 2, \"seed\": 7}", true, true)));
        stub.verify(postRequestedFor(urlEqualTo(SUBMIT)).withRequestBody(equalToJson("{\"num_images\": 1, \"seed\": 8}", true, true)));
    }

    @Test
    void anNsfwFlagOnAnyImageIsAContentPolicyViolation() {
        stubSubmission();
        stubCompleted();
        stubResult("[" + image("a") + ", " + image("b") + "]", "[false, true]");

        assertFails(ImageRequest.of("flux/dev", "x").withN(2), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
        stub.verify(exactly(0), getRequestedFor(urlEqualTo("/files/a.png")));
    }

    @Test
    void aContentPolicyDetailIsAContentPolicyViolation() {
        stub.stubFor(post(SUBMIT).willReturn(json(422, "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"The content could"
                + " not be processed because it contained material flagged by a content checker.\", \"type\": \"content_policy_violation\"}]}")));

        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void aValidationErrorIsInvalidUnlessFalMarksItRetryable() {
        String validation = "{\"detail\": [{\"loc\": [\"body\", \"image_size\"], \"msg\": \"value is not a valid size\","
                + " \"type\": \"value_error\"}]}";
        stub.stubFor(post(SUBMIT).willReturn(json(422, validation).withHeader("X-Fal-Retryable", "false")));

        ProviderException invalid = assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(invalid.getMessage()).contains("value is not a valid size");

        stub.stubFor(post(SUBMIT).willReturn(json(422, validation).withHeader("X-Fal-Retryable", "true")));

        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void aLockedAccountIsOutOfCreditsAndABadKeyIsInvalidCredentials() {
        stub.stubFor(post(SUBMIT).willReturn(json(403, "{\"detail\": \"User is locked. Reason: Exhausted balance."
                + " Top up your balance at fal.ai/dashboard/billing.\"}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits");

        stub.stubFor(post(SUBMIT).willReturn(json(403, "{\"detail\": \"Access denied to this application\"}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.PROVIDER_UNAVAILABLE, "provider_refused");

        stub.stubFor(post(SUBMIT).willReturn(json(401, "{\"detail\": \"Invalid Key Authorization header format\"}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");
    }

    @Test
    void rateLimitIsRetryableWithTheRetryAfterGiven() {
        stub.stubFor(post(SUBMIT).willReturn(json(429, "{\"detail\": \"Too many concurrent requests\"}").withHeader("Retry-After", "4")));

        ProviderException failure = assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(4));
    }

    @Test
    void infrastructureErrorsAreRetryable() {
        stub.stubFor(post(SUBMIT).willReturn(json(503,
                "{\"detail\": \"Runner scheduling failed\", \"error_type\": \"runner_scheduling_failure\"}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "provider_error");

        stub.stubFor(post(SUBMIT).willReturn(json(504, "{\"detail\": \"Request timed out\", \"error_type\": \"request_timeout\"}")
                .withHeader("X-Fal-Retryable", "true")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void aRequestThatFailedInTheQueueIsClassifiedByItsResult() {
        stubSubmission();
        stubCompleted();
        stub.stubFor(get(RESULT).willReturn(json(500, "{\"detail\": \"Internal server error\", \"error_type\": \"internal_server_error\"}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "provider_error");

        stub.stubFor(get(RESULT).willReturn(json(422,
                "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"too long\", \"type\": \"value_error\"}]}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.INVALID_REQUEST, "invalid_request");
    }

    @Test
    void aStatusPollThatFailsIsClassified() {
        stubSubmission();
        stub.stubFor(get(STATUS).willReturn(json(502, "{\"detail\": \"Bad gateway\", \"error_type\": \"bad_gateway\"}")));

        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
        stub.verify(exactly(0), getRequestedFor(urlEqualTo(RESULT)));
    }

    @Test
    void aRequestThatNeverCompletesTimesOutRetryably() {
        stubSubmission();
        stub.stubFor(get(STATUS).willReturn(status(202, "IN_PROGRESS")));

        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "timeout");
        stub.verify(exactly(0), getRequestedFor(urlEqualTo(RESULT)));
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post(SUBMIT).willReturn(aResponse().withStatus(200)
                .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700).withBody("{}")));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post(SUBMIT).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ImageRequest.of("flux/dev", "x"), ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /**
     * fal publishes an OpenAPI description per model endpoint, but none is kept where these machines can reach it
     * ({@code contracts/fal/README.md}, decision 032): no contract is checked for fal.
     */
    @Nested
    class PublishedContract {

        @Test
        void falsPublishedDescriptionIsNotVendoredSoNoContractIsCheckedYet() {
            assertThat(FalProviderTests.class.getResource("/contracts/fal/README.md")).as("the documented reason").isNotNull();
            assertThat(FalProviderTests.class.getResource("/contracts/fal/openapi.json"))
                    .as("once fal's description is vendored, check the adapter against it as the other providers' tests do").isNull();
        }
    }

    private void stubSubmission() {
        String base = stub.baseUrl() + "/fal-ai/flux/requests/req-1";
        stub.stubFor(post(SUBMIT).willReturn(json(200, "{\"request_id\": \"req-1\", \"response_url\": \"" + base + "\","
                + " \"status_url\": \"" + base + "/status\", \"cancel_url\": \"" + base + "/cancel\", \"status\": \"IN_QUEUE\","
                + " \"queue_position\": 0}")));
    }

    private void stubCompleted() {
        stub.stubFor(get(STATUS).willReturn(status(200, "COMPLETED")));
    }

    private void stubResult(String images, String nsfw) {
        stub.stubFor(get(RESULT).willReturn(json(200, "{\"images\": " + images + ", \"seed\": 42, \"has_nsfw_concepts\": " + nsfw
                + ", \"timings\": {\"inference\": 1.2}, \"prompt\": \"x\"}")));
    }

    private String image(String name) {
        return "{\"url\": \"" + stub.baseUrl() + "/files/" + name + ".png\", \"width\": 1024, \"height\": 1024, \"content_type\": \"image/png\"}";
    }

    private static ResponseDefinitionBuilder status(int httpStatus, String status) {
        return json(httpStatus, "{\"status\": \"" + status + "\", \"queue_position\": 0, \"response_url\": \"ignored\"}");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ProviderStubs.Context context() {
        return new ProviderStubs.Context(ProviderStubs.upstream("flux/dev", "fal"));
    }

    private ProviderException assertFails(ImageRequest request, ProviderException.Kind kind, String code) {
        ValidatedImageRequest validated = ProviderStubs.validated(request);
        Throwable thrown = catchThrowable(() -> provider.generate(validated, context()));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("fal");
        return failure;
    }
}
