package io.darkroom.worker.provider.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Google adapter against a stub speaking the Gemini API's wire format (Imagen predict, Gemini generateContent). */
class GoogleProviderTests {

    /**
     * The Gemini API's published description, converted from Google's Discovery document ({@code contracts/google},
     * decision 032): every exchange of every test meets it where it describes one.
     */
    private static final ProviderContract GOOGLE = ProviderContract.published("google");

    private static final String IMAGEN = "/v1beta/models/imagen-4.0-generate-001:predict";
    private static final String GEMINI = "/v1beta/models/gemini-2.5-flash-image:generateContent";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private GoogleProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new GoogleProvider(ProviderStubs.directory("google", stub.baseUrl() + "/v1beta"));
    }

    @AfterEach
    void stop() {
        try {
            GOOGLE.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void imagenAsksForEveryImageInOneCallAtTheClosestAspectRatio() {
        stub.stubFor(post(IMAGEN).willReturn(json(200, "{\"predictions\": [" + prediction(1408, 768) + ", " + prediction(1408, 768) + "]}")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.of("google/imagen-4", "a lighthouse").withN(2)
                .withSize("1408x768")), new ProviderStubs.Context(ProviderStubs.upstream("google/imagen-4", "google")));

        assertThat(result.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.PNG);
            assertThat(image.width()).isEqualTo(1408);
            assertThat(image.height()).isEqualTo(768);
        });
        assertThat(result.usage()).isNull();
        stub.verify(exactly(1), postRequestedFor(urlEqualTo(IMAGEN)));
        stub.verify(postRequestedFor(urlEqualTo(IMAGEN)).withHeader("x-goog-api-key", equalTo(ProviderStubs.API_KEY))
                .withRequestBody(equalToJson("{\"instances\": [{\"prompt\": \"a lighthouse\"}],"
                        + " \"parameters\": {\"sampleCount\": 2, \"aspectRatio\": \"16:9\"}}")));
    }

    @Test
    void everyImagenModelIsCalledByItsUpstreamIdWithItsSizesRatio() {
        String fast = "/v1beta/models/imagen-4.0-fast-generate-001:predict";
        String ultra = "/v1beta/models/imagen-4.0-ultra-generate-001:predict";
        stub.stubFor(post(fast).willReturn(json(200, "{\"predictions\": [" + prediction(896, 1280) + "]}")));
        stub.stubFor(post(ultra).willReturn(json(200, "{\"predictions\": [" + prediction(768, 1408) + "]}")));

        provider.generate(ProviderStubs.validated(ImageRequest.of("google/imagen-4-fast", "x").withSize("896x1280")),
                new ProviderStubs.Context(ProviderStubs.upstream("google/imagen-4-fast", "google")));
        provider.generate(ProviderStubs.validated(ImageRequest.of("google/imagen-4-ultra", "x").withSize("768x1408")),
                new ProviderStubs.Context(ProviderStubs.upstream("google/imagen-4-ultra", "google")));

        stub.verify(postRequestedFor(urlEqualTo(fast)).withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("3:4"))));
        stub.verify(postRequestedFor(urlEqualTo(ultra)).withRequestBody(matchingJsonPath("$.parameters.aspectRatio", equalTo("9:16"))));
    }

    @Test
    void imagenLeavingOutFilteredImagesIsAContentPolicyViolation() {
        stub.stubFor(post(IMAGEN).willReturn(json(200, "{\"predictions\": [" + prediction(1024, 1024) + "]}")));
        assertFails(imagen(3), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");

        stub.stubFor(post(IMAGEN).willReturn(json(200, "{}")));
        assertFails(imagen(1), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void geminiMakesOneCallPerImageAndSumsTheTokensItBilled() {
        stub.stubFor(post(GEMINI).willReturn(json(200, geminiAnswer(ProviderStubs.png(1024, 1024)))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.of("google/gemini-2.5-flash-image", "a lighthouse").withN(2)),
                new ProviderStubs.Context("gemini-2.5-flash-image"));

        assertThat(result.images()).hasSize(2).allSatisfy(image -> assertThat(image.width()).isEqualTo(1024));
        assertThat(result.usage().inputTokens()).isEqualTo(24);
        assertThat(result.usage().outputTokens()).isEqualTo(2580);
        assertThat(result.requestId()).isEqualTo("resp-1");
        stub.verify(exactly(2), postRequestedFor(urlEqualTo(GEMINI)).withHeader("x-goog-api-key", equalTo(ProviderStubs.API_KEY))
                .withRequestBody(equalToJson("{\"contents\": [{\"parts\": [{\"text\": \"a lighthouse\"}]}], \"generationConfig\":"
                        + " {\"responseModalities\": [\"IMAGE\"], \"imageConfig\": {\"aspectRatio\": \"1:1\"}}}")));
    }

    @Test
    void geminiEditSendsEachInputImageAsInlineDataAfterThePrompt() {
        byte[] first = ProviderStubs.png(64, 64);
        byte[] second = ProviderStubs.jpeg(64, 48);
        stub.stubFor(post(GEMINI).willReturn(json(200, "{\"candidates\": [{\"content\": {\"parts\": [{\"inline_data\":"
                + " {\"mime_type\": \"image/jpeg\", \"data\": \"" + b64(ProviderStubs.jpeg(1280, 896)) + "\"}}]},"
                + " \"finishReason\": \"STOP\"}], \"usageMetadata\": {\"promptTokenCount\": 530, \"candidatesTokenCount\": 1290}}")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("google/gemini-2.5-flash-image")
                        .prompt("put the cat on the sofa").size("1280x896").images(List.of("in_a", "in_b")).build()),
                new ProviderStubs.Context("gemini-2.5-flash-image", List.of(first, second), null));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(image.width()).isEqualTo(1280);
        });
        stub.verify(postRequestedFor(urlEqualTo(GEMINI)).withRequestBody(equalToJson("{\"contents\": [{\"parts\": ["
                + "{\"text\": \"put the cat on the sofa\"},"
                + " {\"inlineData\": {\"mimeType\": \"image/png\", \"data\": \"" + b64(first) + "\"}},"
                + " {\"inlineData\": {\"mimeType\": \"image/jpeg\", \"data\": \"" + b64(second) + "\"}}]}],"
                + " \"generationConfig\": {\"responseModalities\": [\"IMAGE\"], \"imageConfig\": {\"aspectRatio\": \"4:3\"}}}")));
    }

    @Test
    void geminiModerationOfEveryShapeIsAContentPolicyViolation() {
        List<String> refusals = List.of(
                "{\"promptFeedback\": {\"blockReason\": \"PROHIBITED_CONTENT\"}, \"usageMetadata\": {\"promptTokenCount\": 9}}",
                "{\"candidates\": [{\"content\": {}, \"finishReason\": \"IMAGE_SAFETY\", \"index\": 0}]}",
                "{\"candidates\": [{\"finishReason\": \"SAFETY\", \"safetyRatings\": [{\"category\": \"HARM_CATEGORY_SEXUALLY_EXPLICIT\","
                        + " \"probability\": \"HIGH\", \"blocked\": true}]}]}",
                "{\"candidates\": [{\"finishReason\": \"PROHIBITED_CONTENT\"}]}",
                "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"I can't create that image.\"}]}, \"finishReason\": \"STOP\"}]}");
        for (String refusal : refusals) {
            stub.stubFor(post(GEMINI).willReturn(json(200, refusal)));

            ProviderException failure = assertFails(geminiRequest(),
                    ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
            assertThat(failure.causedByRequest()).isTrue();
        }
    }

    @Test
    void invalidArgumentIsTheCallersFaultUnlessItIsTheKeyOrBilling() {
        stub.stubFor(post(GEMINI).willReturn(error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")));
        assertFails(geminiRequest(), ProviderException.Kind.INVALID_REQUEST, "invalid_request");

        stub.stubFor(post(GEMINI).willReturn(json(400, "{\"error\": {\"code\": 400, \"message\": \"API key not valid. Please pass a valid"
                + " API key.\", \"status\": \"INVALID_ARGUMENT\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\","
                + " \"reason\": \"API_KEY_INVALID\", \"domain\": \"googleapis.com\"}]}}")));
        assertFails(geminiRequest(), ProviderException.Kind.PROVIDER_UNAVAILABLE,
                "invalid_credentials");

        stub.stubFor(post(IMAGEN).willReturn(error(400, "INVALID_ARGUMENT", "Imagen API is only accessible to billed users at this time.")));
        assertFails(imagen(1), ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits");
    }

    @Test
    void billingPreconditionIsOutOfCredits() {
        stub.stubFor(post(GEMINI).willReturn(error(400, "FAILED_PRECONDITION",
                "Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.")));

        assertFails(geminiRequest(), ProviderException.Kind.PROVIDER_UNAVAILABLE,
                "out_of_credits");
    }

    @Test
    void refusalsOfTheKeyOrModelAreProviderSide() {
        stub.stubFor(post(IMAGEN).willReturn(error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers.")));
        assertFails(imagen(1), ProviderException.Kind.PROVIDER_UNAVAILABLE, "provider_refused");

        stub.stubFor(post(IMAGEN).willReturn(error(403, "PERMISSION_DENIED", "Your API key is invalid or has been revoked.")));
        assertFails(imagen(1), ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");

        stub.stubFor(post(IMAGEN).willReturn(error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")));
        assertFails(imagen(1), ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");

        stub.stubFor(post(IMAGEN).willReturn(error(404, "NOT_FOUND",
                "models/imagen-4.0-generate-001 is not found for API version v1beta, or is not supported for predict.")));
        assertFails(imagen(1), ProviderException.Kind.PROVIDER_UNAVAILABLE, "provider_refused");
    }

    @Test
    void resourceExhaustedIsRetryableAfterTheRetryAfterOrElseGooglesRetryDelay() {
        stub.stubFor(post(GEMINI).willReturn(error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted").withHeader("Retry-After", "9")));
        ProviderException withHeader = assertFails(geminiRequest(),
                ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(withHeader.retryAfter()).contains(Duration.ofSeconds(9));

        stub.stubFor(post(GEMINI).willReturn(json(429, "{\"error\": {\"code\": 429, \"message\": \"You exceeded your current quota.\","
                + " \"status\": \"RESOURCE_EXHAUSTED\", \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\","
                + " \"violations\": [{\"quotaMetric\": \"generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count\"}]},"
                + " {\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"37s\"}]}}")));
        ProviderException withDelay = assertFails(geminiRequest(),
                ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(withDelay.retryAfter()).contains(Duration.ofSeconds(37));
    }

    @Test
    void serverErrorsAreRetryable() {
        for (int status : new int[] {500, 503, 504}) {
            stub.stubFor(post(IMAGEN).willReturn(error(status, status == 500 ? "INTERNAL" : status == 503 ? "UNAVAILABLE"
                    : "DEADLINE_EXCEEDED", "The model is overloaded. Please try again later.")));

            assertFails(imagen(1), ProviderException.Kind.RETRYABLE, "provider_error");
        }
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post(GEMINI).willReturn(json(200, geminiAnswer(ProviderStubs.png(64, 64)))
                .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700)));
        assertFails(geminiRequest(), ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post(GEMINI).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(geminiRequest(), ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /** The Gemini requests, and the answer the stub serves them, against the Gemini API's published description. */
    @Nested
    class PublishedContract {

        @BeforeEach
        void serveDocumentedAnswer() {
            stub.stubFor(post(GEMINI).willReturn(json(200, geminiAnswer(ProviderStubs.png(64, 64)))));
        }

        @Test
        void theGenerationAndEditRequestsTheAdapterSendsMatchTheGeminiApisPublishedSpec() {
            provider.generate(geminiRequest(), new ProviderStubs.Context("gemini-2.5-flash-image"));
            provider.generate(ProviderStubs.validated(ImageRequest.builder().model("google/gemini-2.5-flash-image").prompt("night")
                            .images(List.of("in_a", "in_b")).build()),
                    new ProviderStubs.Context("gemini-2.5-flash-image", List.of(ProviderStubs.png(64, 64), ProviderStubs.jpeg(64, 48)), null));

            assertThat(GOOGLE.assertConforms(stub)).containsExactly("post /models/{modelsId}:generateContent");
        }

        @Test
        void anUnknownResponseModalityIsRejectedByTheGeminiApisPublishedSpec() {
            provider.generate(geminiRequest(), new ProviderStubs.Context("gemini-2.5-flash-image"));
            CapturedRequest sent = GOOGLE.captured(stub, "post /models/{modelsId}:generateContent");

            assertThat(GOOGLE.violations(sent)).isEmpty();
            assertThat(GOOGLE.violations(sent.withJsonField("generationConfig.responseModalities", List.of("PICTURE"))))
                    .singleElement().asString().contains("/generationConfig/responseModalities/0");
            assertThat(GOOGLE.violations(sent.withJsonField("generationConfig.imageConfig.aspect_ratio", "1:1")))
                    .singleElement().asString().contains("/generationConfig/imageConfig/aspect_ratio");
        }
    }

    private static ValidatedImageRequest imagen(int n) {
        return ProviderStubs.validated(ImageRequest.of("google/imagen-4", "x").withN(n));
    }

    /** A Gemini answer with a text part and {@code image} as an image part, billed 12 + 1,290 tokens. */
    private static String geminiAnswer(byte[] image) {
        return "{\"candidates\": [{\"content\": {\"role\": \"model\", \"parts\": [{\"text\": \"Here is your lighthouse.\"},"
                + " {\"inlineData\": {\"mimeType\": \"image/png\", \"data\": \"" + b64(image) + "\"}}]}, \"finishReason\": \"STOP\","
                + " \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 12, \"candidatesTokenCount\": 1290, \"totalTokenCount\": 1302},"
                + " \"modelVersion\": \"gemini-2.5-flash-image\", \"responseId\": \"resp-1\"}";
    }

    private static ValidatedImageRequest geminiRequest() {
        return ProviderStubs.validated(ImageRequest.of("google/gemini-2.5-flash-image", "x"));
    }

    private static String prediction(int width, int height) {
        return "{\"bytesBase64Encoded\": \"" + b64(ProviderStubs.png(width, height)) + "\", \"mimeType\": \"image/png\"}";
    }

    private static ResponseDefinitionBuilder error(int code, String status, String message) {
        return json(code, "{\"error\": {\"code\": " + code + ", \"message\": \"" + message + "\", \"status\": \"" + status + "\"}}");
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8").withBody(body);
    }

    private ProviderException assertFails(ValidatedImageRequest validated, ProviderException.Kind kind, String code) {
        String upstream = ProviderStubs.upstream(validated.model(), "google");
        Throwable thrown = catchThrowable(() -> provider.generate(validated, new ProviderStubs.Context(upstream)));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("google");
        return failure;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
