package io.darkroom.worker.provider.ideogram;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.MultipartValuePattern;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Ideogram adapter against a stub speaking Ideogram's v3 generate wire format. */
class IdeogramProviderTests {

    /**
     * Ideogram's published OpenAPI description ({@code contracts/ideogram}, decision 032): every exchange of every
     * test meets it where it describes one.
     */
    private static final ProviderContract IDEOGRAM = ProviderContract.published("ideogram");

    private static final String GENERATE = "/v1/ideogram-v3/generate";
    private static final String MODEL = "ideogram/v3";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private IdeogramProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new IdeogramProvider(ProviderStubs.directory("ideogram", stub.baseUrl()));
    }

    @AfterEach
    void stop() {
        try {
            IDEOGRAM.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void generationAsksForAllImagesInOneCallAndDownloadsEachUrl() {
        stubImage("a.png", ProviderStubs.png(1216, 832));
        stubImage("b.png", ProviderStubs.png(1216, 832));
        stub.stubFor(post(GENERATE).willReturn(answer(
                datum("a.png", "A lighthouse at dusk, oil painting, warm light", 5, true),
                datum("b.png", "A lighthouse at dusk, oil painting, warm light", 5, true))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model(MODEL).prompt("a lighthouse")
                .n(2).size("1216x832").quality("high").seed(5L).build()), context());

        assertThat(result.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.PNG);
            assertThat(image.width()).isEqualTo(1216);
            assertThat(image.height()).isEqualTo(832);
        });
        assertThat(result.revisedPrompt()).isEqualTo("A lighthouse at dusk, oil painting, warm light");
        assertThat(result.seed()).isEqualTo(5L);
        stub.verify(1, postRequestedFor(urlEqualTo(GENERATE))
                .withHeader("Api-Key", equalTo(ProviderStubs.API_KEY))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(part("prompt", "a lighthouse"))
                .withRequestBodyPart(part("num_images", "2"))
                .withRequestBodyPart(part("resolution", "1216x832"))
                .withRequestBodyPart(part("rendering_speed", "QUALITY"))
                .withRequestBodyPart(part("seed", "5")));
        stub.verify(1, getRequestedFor(urlEqualTo("/api/images/ephemeral/a.png")));
        stub.verify(1, getRequestedFor(urlEqualTo("/api/images/ephemeral/b.png")));
    }

    @Test
    void qualityPicksTheRenderingSpeedAndAnUnchangedPromptIsNoRevision() {
        stubImage("a.png", ProviderStubs.png(1024, 1024));
        stub.stubFor(post(GENERATE).willReturn(answer(datum("a.png", "a fox", 991, true))));

        ProviderResult low = provider.generate(ProviderStubs.validated(ImageRequest.builder().model(MODEL).prompt("a fox")
                .quality("low").build()), context());
        provider.generate(ProviderStubs.validated(ImageRequest.of(MODEL, "a fox")), context());

        assertThat(low.revisedPrompt()).isNull();
        assertThat(low.seed()).isEqualTo(991L);
        stub.verify(1, postRequestedFor(urlEqualTo(GENERATE)).withRequestBodyPart(part("rendering_speed", "TURBO"))
                .withRequestBodyPart(part("resolution", "1024x1024")).withRequestBody(notContaining("name=\"seed\"")));
        stub.verify(1, postRequestedFor(urlEqualTo(GENERATE)).withRequestBodyPart(part("rendering_speed", "DEFAULT")));
    }

    @Test
    void fewerImagesThanAskedForAreMadeUpByAnotherCallWithTheNextSeed() {
        stubImage("a.png", ProviderStubs.png(1024, 1024));
        stub.stubFor(post(GENERATE).withMultipartRequestBody(aMultipart().withName("num_images").withBody(equalTo("3")))
                .willReturn(answer(datum("a.png", "x", 10, true))));
        stub.stubFor(post(GENERATE).withMultipartRequestBody(aMultipart().withName("num_images").withBody(equalTo("2")))
                .willReturn(answer(datum("a.png", "x", 11, true), datum("a.png", "x", 11, true))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model(MODEL).prompt("x").n(3)
                .seed(10L).build()), context());

        assertThat(result.images()).hasSize(3);
        assertThat(result.seed()).isEqualTo(10L);
        stub.verify(1, postRequestedFor(urlEqualTo(GENERATE)).withRequestBodyPart(part("num_images", "3"))
                .withRequestBodyPart(part("seed", "10")));
        stub.verify(1, postRequestedFor(urlEqualTo(GENERATE)).withRequestBodyPart(part("num_images", "2"))
                .withRequestBodyPart(part("seed", "11")));
    }

    @Test
    void anImageFlaggedUnsafeIsAContentPolicyViolationEvenThoughTheAnswerIs200() {
        stubImage("a.png", ProviderStubs.png(1024, 1024));
        stub.stubFor(post(GENERATE).willReturn(answer(datum("a.png", "x", 1, true), datum("", "x", 1, false))));
        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");

        stub.stubFor(post(GENERATE).willReturn(answer(datum("a.png", "x", 1, false))));
        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void aResultWithoutAUrlIsAContentPolicyViolation() {
        stub.stubFor(post(GENERATE).willReturn(answer(
                "{\"prompt\": \"x\", \"resolution\": \"1024x1024\", \"seed\": 1, \"is_image_safe\": true}")));

        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void aPromptFailingTheSafetyChecksIsAContentPolicyViolationButOther422sAreInvalid() {
        stub.stubFor(post(GENERATE).willReturn(error(422, "Prompt failed the safety checks")));
        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");

        stub.stubFor(post(GENERATE).willReturn(error(422, "Invalid resolution for this model")));
        ProviderException invalid = assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(invalid.getMessage()).contains("Invalid resolution");
    }

    @Test
    void badRequestIsTheCallersAndNotRetried() {
        stub.stubFor(post(GENERATE).willReturn(error(400, "num_images must be between 1 and 8")));

        ProviderException failure = assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(failure.causedByRequest()).isTrue();
    }

    @Test
    void badKeyIsInvalidCredentials() {
        stub.stubFor(post(GENERATE).willReturn(error(401, "Invalid API key")));

        assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");
    }

    @Test
    void rateLimitIsRetryableWithTheRetryAfterGiven() {
        stub.stubFor(post(GENERATE).willReturn(error(429, "Too many requests").withHeader("Retry-After", "3")));

        ProviderException failure = assertFails(ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void unavailableAndServerErrorsAreRetryable() {
        stub.stubFor(post(GENERATE).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");

        stub.stubFor(post(GENERATE).willReturn(error(500, "Internal server error")));
        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void anEmptyAnswerAndAFailedDownloadAreRetryable() {
        stub.stubFor(post(GENERATE).willReturn(answer()));
        assertFails(ProviderException.Kind.RETRYABLE, "invalid_result");

        stub.stubFor(get("/api/images/ephemeral/gone.png").willReturn(aResponse().withStatus(404)));
        stub.stubFor(post(GENERATE).willReturn(answer(datum("gone.png", "x", 1, true))));
        assertFails(ProviderException.Kind.RETRYABLE, "download_failed");
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post(GENERATE).willReturn(answer().withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700)));
        assertFails(ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post(GENERATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /** The adapter's generation request, and the answer the stub serves it, against Ideogram's published description. */
    @Nested
    class PublishedContract {

        @BeforeEach
        void serveDocumentedAnswer() {
            stubImage("a.png", ProviderStubs.png(64, 64));
            stub.stubFor(post(GENERATE).willReturn(answer(datum("a.png", "A lighthouse", 5, true))));
        }

        @Test
        void theGenerationRequestsTheAdapterSendsMatchIdeogramsPublishedSpecAtEveryCatalogSizeAndQuality() {
            for (ImageSize size : ModelCatalog.builtIn().find(MODEL).orElseThrow().sizes()) {
                for (String quality : List.of("low", "medium", "high")) {
                    provider.generate(ProviderStubs.validated(ImageRequest.builder().model(MODEL).prompt("a lighthouse").quality(quality)
                            .size(size.toString()).seed(5L).build()), context());
                }
            }

            assertThat(IDEOGRAM.assertConforms(stub)).containsExactly("post /v1/ideogram-v3/generate");
        }

        @Test
        void aSeedBeyondIdeogramsRangeIsFoldedIntoIt() {
            provider.generate(ProviderStubs.validated(ImageRequest.builder().model(MODEL).prompt("a lighthouse").seed(0xFFFF_FFFFL)
                    .build()), context());

            IDEOGRAM.assertConforms(stub);
            stub.verify(postRequestedFor(urlEqualTo(GENERATE)).withRequestBodyPart(part("seed", "2147483647")));
        }

        @Test
        void anUnknownRenderingSpeedIsRejectedByIdeogramsPublishedSpec() {
            provider.generate(ProviderStubs.validated(ImageRequest.of(MODEL, "a lighthouse")), context());
            CapturedRequest sent = IDEOGRAM.captured(stub, "post /v1/ideogram-v3/generate");

            assertThat(IDEOGRAM.violations(sent)).isEmpty();
            assertThat(IDEOGRAM.violations(sent.withFormField("rendering_speed", "FAST"))).singleElement().asString()
                    .contains("/rendering_speed");
            assertThat(IDEOGRAM.violations(sent.withoutHeader("Api-Key"))).singleElement().asString().contains("no credentials");
        }
    }

    private ProviderException assertFails(ProviderException.Kind kind, String code) {
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of(MODEL, "x"));
        Throwable thrown = catchThrowable(() -> provider.generate(request, context()));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("ideogram");
        return failure;
    }

    private static ProviderStubs.Context context() {
        return new ProviderStubs.Context(ProviderStubs.upstream(MODEL, "ideogram"));
    }

    private void stubImage(String name, byte[] bytes) {
        stub.stubFor(get("/api/images/ephemeral/" + name).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(bytes)));
    }

    /** One datum of Ideogram's answer; an empty {@code file} is a null URL (Ideogram's description allows one). */
    private String datum(String file, String prompt, long seed, boolean safe) {
        String url = file.isEmpty() ? "null" : "\"" + stub.baseUrl() + "/api/images/ephemeral/" + file + "\"";
        return "{\"url\": " + url + ", \"prompt\": \"" + prompt + "\", \"resolution\": \"1024x1024\", \"seed\": " + seed
                + ", \"is_image_safe\": " + safe + ", \"style_type\": \"GENERAL\"}";
    }

    private static ResponseDefinitionBuilder answer(String... data) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"created\": \"2025-03-26T12:00:00.000000+00:00\", \"data\": ["
                        + Arrays.stream(data).collect(Collectors.joining(", ")) + "]}");
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"" + message + "\"}");
    }

    private static MultipartValuePattern part(String name, String value) {
        return aMultipart().withName(name).withBody(equalTo(value)).build();
    }
}
