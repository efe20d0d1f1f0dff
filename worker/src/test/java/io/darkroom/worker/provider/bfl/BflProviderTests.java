package io.darkroom.worker.provider.bfl;

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
import io.darkroom.model.ImageSize;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.ProviderStubs;
import io.darkroom.worker.provider.contract.CapturedRequest;
import io.darkroom.worker.provider.contract.ProviderContract;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The BFL adapter against a stub speaking BFL's submit-then-poll wire format. */
class BflProviderTests {

    /**
     * BFL's published OpenAPI description ({@code contracts/bfl}, decision 032): every exchange of every test meets it
     * where it describes one.
     */
    private static final ProviderContract BFL = ProviderContract.published("bfl");

    private static final String POLL = "/eu/v1/get_result?id=task-1";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private BflProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new BflProvider(ProviderStubs.directory("bfl", stub.baseUrl()));
    }

    @AfterEach
    void stop() {
        try {
            BFL.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void generationSubmitsThePixelSizeAndPollsTheReturnedUrlUntilReady() {
        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).inScenario("task").whenScenarioStateIs(STARTED).willSetStateTo("queued")
                .willReturn(json("{\"id\": \"task-1\", \"status\": \"Pending\", \"result\": null, \"progress\": null}")));
        stub.stubFor(get(urlEqualTo(POLL)).inScenario("task").whenScenarioStateIs("queued").willSetStateTo("running")
                .willReturn(json("{\"id\": \"task-1\", \"status\": \"Generating\", \"result\": null, \"progress\": 0.4}")));
        stub.stubFor(get(urlEqualTo(POLL)).inScenario("task").whenScenarioStateIs("running")
                .willReturn(ready("task-1", "/delivery/task-1.jpg", 42)));
        stub.stubFor(get("/delivery/task-1.jpg").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.jpeg(1344, 768))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("bfl/flux-pro-1.1")
                .prompt("a lighthouse").size("1344x768").seed(42L).outputFormat("jpeg").build()), context("bfl/flux-pro-1.1"));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(image.width()).isEqualTo(1344);
            assertThat(image.height()).isEqualTo(768);
        });
        assertThat(result.requestId()).isEqualTo("task-1");
        assertThat(result.seed()).isEqualTo(42L);
        stub.verify(postRequestedFor(urlEqualTo("/v1/flux-pro-1.1")).withHeader("x-key", equalTo(ProviderStubs.API_KEY))
                .withRequestBody(equalToJson("{\"prompt\": \"a lighthouse\", \"width\": 1344, \"height\": 768, \"seed\": 42,"
                        + " \"output_format\": \"jpeg\", \"safety_tolerance\": 2}")));
        stub.verify(exactly(3), getRequestedFor(urlEqualTo(POLL)).withHeader("x-key", equalTo(ProviderStubs.API_KEY)));
        stub.verify(getRequestedFor(urlEqualTo("/delivery/task-1.jpg")).withoutHeader("x-key"));
    }

    @Test
    void nImagesAreNTasksWithConsecutiveSeeds() {
        for (int seed = 7; seed <= 9; seed++) {
            String task = "task-" + seed;
            stub.stubFor(post("/v1/flux-dev").withRequestBody(matchingJsonPath("$.seed", equalTo(Integer.toString(seed))))
                    .willReturn(json("{\"id\": \"" + task + "\", \"polling_url\": \"" + stub.baseUrl() + "/v1/get_result?id=" + task + "\"}")));
            stub.stubFor(get(urlEqualTo("/v1/get_result?id=" + task)).willReturn(ready(task, "/delivery/" + task + ".png", seed)));
            stub.stubFor(get("/delivery/" + task + ".png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 768))));
        }

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("flux/dev").prompt("x").n(3)
                .seed(7L).build()), context("flux/dev"));

        assertThat(result.images()).hasSize(3).allSatisfy(image -> assertThat(image.format()).isEqualTo(OutputFormat.PNG));
        assertThat(result.requestId()).isEqualTo("task-7,task-8,task-9");
        stub.verify(exactly(3), postRequestedFor(urlEqualTo("/v1/flux-dev")));
        stub.verify(postRequestedFor(urlEqualTo("/v1/flux-dev")).withRequestBody(equalToJson("{\"prompt\": \"x\", \"width\": 1024,"
                + " \"height\": 768, \"seed\": 9, \"output_format\": \"png\", \"safety_tolerance\": 2}")));
    }

    @Test
    void ultraSendsTheClosestAspectRatioInsteadOfPixelsAndReportsTheSeedItChose() {
        submitAnswers("flux-pro-1.1-ultra", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(ready("task-1", "/delivery/ultra.png", 1234567)));
        stub.stubFor(get("/delivery/ultra.png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(2752, 1536))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("bfl/flux-pro-1.1-ultra")
                .prompt("a valley").size("2752x1536").outputFormat("webp").build()), context("bfl/flux-pro-1.1-ultra"));

        assertThat(result.seed()).isEqualTo(1234567L);
        assertThat(result.images().getFirst().width()).isEqualTo(2752);
        stub.verify(postRequestedFor(urlEqualTo("/v1/flux-pro-1.1-ultra")).withRequestBody(equalToJson(
                "{\"prompt\": \"a valley\", \"aspect_ratio\": \"16:9\", \"output_format\": \"png\", \"safety_tolerance\": 2}")));
    }

    @Test
    void kontextEditSendsTheFirstInputImageAsBase64WithAnAspectRatio() {
        byte[] input = ProviderStubs.png(64, 48);
        submitAnswers("flux-kontext-pro", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(ready("task-1", "/delivery/edit.png", 5)));
        stub.stubFor(get("/delivery/edit.png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(1024, 768))));
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.builder().model("bfl/flux-kontext-pro").prompt("make it night")
                .images(List.of("in_a.png")).build());

        ProviderResult result = provider.generate(request, new ProviderStubs.Context(ProviderStubs.upstream("bfl/flux-kontext-pro", "bfl"),
                List.of(input), null));

        assertThat(result.images()).hasSize(1);
        stub.verify(postRequestedFor(urlEqualTo("/v1/flux-kontext-pro")).withRequestBody(equalToJson("{\"prompt\": \"make it night\","
                + " \"aspect_ratio\": \"4:3\", \"input_image\": \"" + Base64.getEncoder().encodeToString(input) + "\","
                + " \"output_format\": \"png\", \"safety_tolerance\": 2}")));
    }

    @Test
    void moderatedRequestsAndModeratedContentAreContentPolicyViolations() {
        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Request Moderated\", \"result\": null,"
                + " \"details\": {\"Moderation Reasons\": [\"Derivative Works Filter\"]}}")));

        ProviderException request = assertFails(ProviderException.Kind.CONTENT_POLICY, ProviderException.CONTENT_POLICY_VIOLATION);
        assertThat(request.getMessage()).contains("Request Moderated").contains("Derivative Works Filter");

        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Content Moderated\", \"result\": null}")));

        assertThat(assertFails(ProviderException.Kind.CONTENT_POLICY, ProviderException.CONTENT_POLICY_VIOLATION).getMessage())
                .contains("Content Moderated");
    }

    @Test
    void failedAndLostTasksAreRetryable() {
        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Error\", \"result\": null,"
                + " \"details\": \"Internal error\"}")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");

        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Task not found\", \"result\": null}")));
        assertFails(ProviderException.Kind.RETRYABLE, "task_not_found");
    }

    @Test
    void readyWithoutASampleOrAnExpiredSampleIsRetryable() {
        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Ready\", \"result\": {}}")));
        assertFails(ProviderException.Kind.RETRYABLE, "invalid_result");

        stub.stubFor(get(urlEqualTo(POLL)).willReturn(ready("task-1", "/delivery/gone.png", 1)));
        stub.stubFor(get("/delivery/gone.png").willReturn(aResponse().withStatus(403).withBody("<Error>Request has expired</Error>")));
        assertFails(ProviderException.Kind.RETRYABLE, "download_failed");
    }

    @Test
    void aTaskPendingBeyondTheMaximumWaitTimesOut() {
        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json("{\"id\": \"task-1\", \"status\": \"Pending\", \"result\": null}")));

        assertFails(ProviderException.Kind.RETRYABLE, "timeout");
        assertThat(stub.countRequestsMatching(getRequestedFor(urlEqualTo(POLL)).build()).getCount()).isGreaterThan(10);
    }

    @Test
    void outOfCreditsAndRefusalsAreProviderSide() {
        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(json(402, "{\"detail\": \"Insufficient credits\"}")));
        assertThat(assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits").getMessage())
                .contains("Insufficient credits");

        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(json(403, "{\"detail\": \"Not authenticated - Invalid Authentication\"}")));
        assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "provider_refused");
    }

    @Test
    void validationErrorsAreInvalidRequestsNamingTheField() {
        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(json(422, "{\"detail\": [{\"loc\": [\"body\", \"width\"],"
                + " \"msg\": \"Input should be a multiple of 32\", \"type\": \"value_error\"}]}")));

        ProviderException failure = assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(failure.getMessage()).contains("body.width: Input should be a multiple of 32");
        assertThat(failure.causedByRequest()).isTrue();
    }

    @Test
    void rateLimitIsRetryableWithTheRetryAfterGiven() {
        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(json(429, "{\"detail\": \"You have exceeded the number of active tasks\"}")
                .withHeader("Retry-After", "5")));

        ProviderException failure = assertFails(ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(5));
    }

    @Test
    void serverErrorsOnSubmitOrPollAreRetryable() {
        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(aResponse().withStatus(503).withBody("upstream connect error")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");

        submitAnswers("flux-pro-1.1", "task-1");
        stub.stubFor(get(urlEqualTo(POLL)).willReturn(json(500, "{\"detail\": \"Internal Server Error\"}")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post("/v1/flux-pro-1.1")
                .willReturn(json("{\"id\": \"t\", \"polling_url\": \"" + stub.baseUrl() + "/v1/get_result?id=t\"}")
                        .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700)));
        assertFails(ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post("/v1/flux-pro-1.1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ProviderException.Kind.RETRYABLE, "connection_error");
    }

    @Test
    void aPollingUrlOffTheProvidersOriginThatIsPlainHttpOrInternalIsNeverCalledWithTheKey() {
        for (String forged : new String[] {"http://example.com/v1/get_result?id=t", "https://127.0.0.2/v1/get_result?id=t",
                "https://169.254.169.254/latest/meta-data"}) {
            stub.stubFor(post("/v1/flux-pro-1.1").willReturn(json("{\"id\": \"t\", \"polling_url\": \"" + forged + "\"}")));
            ProviderException refused = assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "provider_url_refused");
            assertThat(refused.getMessage()).contains(forged);
        }
    }

    /** The adapter's submits and polls, and the answers the stub serves them, against BFL's published description. */
    @Nested
    class PublishedContract {

        @Test
        void theSubmitAndPollRequestsTheAdapterSendsMatchBflsPublishedSpecAtEveryCatalogSize() {
            for (String model : List.of("bfl/flux-pro-1.1", "bfl/flux-pro-1.1-ultra", "bfl/flux-2-pro", "flux/dev")) {
                for (ImageSize size : ModelCatalog.builtIn().find(model).orElseThrow().sizes()) {
                    String task = "task-" + model.replace('/', '-') + "-" + size;
                    serveDocumentedTask(ProviderStubs.upstream(model, "bfl"), task);
                    provider.generate(ProviderStubs.validated(ImageRequest.builder().model(model).prompt("a lighthouse").seed(3L)
                            .size(size.toString()).build()), context(model));
                }
            }
            serveDocumentedTask("flux-kontext-pro", "task-kontext");
            provider.generate(ProviderStubs.validated(ImageRequest.builder().model("bfl/flux-kontext-pro").prompt("make it night")
                    .images(List.of("in.png")).build()), new ProviderStubs.Context("flux-kontext-pro", List.of(ProviderStubs.png(64, 64)), null));

            assertThat(BFL.assertConforms(stub)).containsExactlyInAnyOrder("post /v1/flux-pro-1.1", "post /v1/flux-pro-1.1-ultra",
                    "post /v1/flux-2-pro", "post /v1/flux-dev", "post /v1/flux-kontext-pro", "get /v1/get_result");
        }

        @Test
        void aWidthOffBflsGridIsRejectedByItsPublishedSpec() {
            serveDocumentedTask("flux-pro-1.1", "task-1");
            provider.generate(ProviderStubs.validated(ImageRequest.of("bfl/flux-pro-1.1", "x")), context("bfl/flux-pro-1.1"));
            CapturedRequest sent = BFL.captured(stub, "post /v1/flux-pro-1.1");

            assertThat(BFL.violations(sent)).isEmpty();
            assertThat(BFL.violations(sent.withJsonField("width", 1000))).singleElement().asString().contains("/width");
            assertThat(BFL.violations(sent.withoutHeader("x-key"))).singleElement().asString().contains("no credentials");
        }

        /** A task at BFL's documented poll URL, pending once, then ready with a sample to download. */
        private void serveDocumentedTask(String model, String task) {
            String poll = "/v1/get_result?id=" + task;
            stub.stubFor(post("/v1/" + model).willReturn(json("{\"id\": \"" + task + "\", \"polling_url\": \"" + stub.baseUrl() + poll
                    + "\", \"cost\": 4.0}")));
            stub.stubFor(get(urlEqualTo(poll)).inScenario(task).whenScenarioStateIs(STARTED).willSetStateTo("ready")
                    .willReturn(json("{\"id\": \"" + task + "\", \"status\": \"Pending\", \"result\": null, \"progress\": 0.5}")));
            stub.stubFor(get(urlEqualTo(poll)).inScenario(task).whenScenarioStateIs("ready")
                    .willReturn(ready(task, "/delivery/" + task + ".png", 3)));
            stub.stubFor(get("/delivery/" + task + ".png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(64, 64))));
        }
    }

    private void submitAnswers(String model, String task) {
        stub.stubFor(post("/v1/" + model).willReturn(json("{\"id\": \"" + task + "\", \"polling_url\": \"" + stub.baseUrl()
                + "/eu/v1/get_result?id=" + task + "\", \"cost\": 4.0}")));
    }

    private ResponseDefinitionBuilder ready(String task, String samplePath, long seed) {
        return json("{\"id\": \"" + task + "\", \"status\": \"Ready\", \"result\": {\"sample\": \"" + stub.baseUrl() + samplePath
                + "\", \"prompt\": \"x\", \"seed\": " + seed + ", \"start_time\": 1713833628.1, \"end_time\": 1713833633.4}, \"progress\": null}");
    }

    private static ResponseDefinitionBuilder json(String body) {
        return json(200, body);
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ProviderStubs.Context context(String model) {
        return new ProviderStubs.Context(ProviderStubs.upstream(model, "bfl"));
    }

    private ProviderException assertFails(ProviderException.Kind kind, String code) {
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of("bfl/flux-pro-1.1", "x"));
        Throwable thrown = catchThrowable(() -> provider.generate(request, context("bfl/flux-pro-1.1")));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("bfl");
        return failure;
    }
}
