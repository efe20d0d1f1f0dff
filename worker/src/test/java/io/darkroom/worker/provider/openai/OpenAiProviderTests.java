package io.darkroom.worker.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
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

/** The OpenAI adapter against a stub speaking OpenAI's Images wire format. */
class OpenAiProviderTests {

    /**
     * OpenAI's published OpenAPI description ({@code contracts/openai}, decision 032): every exchange of every test
     * meets it where it describes one.
     */
    private static final ProviderContract OPENAI = ProviderContract.published("openai");

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private OpenAiProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new OpenAiProvider(ProviderStubs.directory("openai", stub.baseUrl() + "/v1"));
    }

    @AfterEach
    void stop() {
        try {
            OPENAI.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void dallE3GenerationAsksForBase64AndReturnsTheRevisedPrompt() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_upstream")
                .withBody("{\"created\": 1713833628, \"data\": [{\"b64_json\": \"" + b64(ProviderStubs.png(1024, 1024))
                        + "\", \"revised_prompt\": \"A lighthouse, dramatic\"}]}")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("dall-e-3")
                .prompt("a lighthouse").quality("hd").style("natural").build()), new ProviderStubs.Context("dall-e-3"));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.PNG);
            assertThat(image.width()).isEqualTo(1024);
        });
        assertThat(result.revisedPrompt()).isEqualTo("A lighthouse, dramatic");
        assertThat(result.requestId()).isEqualTo("req_upstream");
        stub.verify(postRequestedFor(urlEqualTo("/v1/images/generations"))
                .withHeader("Authorization", equalTo("Bearer " + ProviderStubs.API_KEY))
                .withRequestBody(equalToJson("{\"model\": \"dall-e-3\", \"prompt\": \"a lighthouse\", \"n\": 1,"
                        + " \"size\": \"1024x1024\", \"quality\": \"hd\", \"style\": \"natural\", \"response_format\": \"b64_json\"}")));
    }

    @Test
    void gptImageSendsItsOwnParametersAndReportsTokenUsage() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + b64(ProviderStubs.png(1536, 1024)) + "\"}],"
                        + " \"usage\": {\"input_tokens\": 50, \"output_tokens\": 6240, \"total_tokens\": 6290,"
                        + " \"input_tokens_details\": {\"text_tokens\": 50, \"image_tokens\": 0}}}")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("gpt-image-1")
                .prompt("a map").size("1536x1024").background("transparent").build()), new ProviderStubs.Context("gpt-image-1"));

        assertThat(result.usage().outputTokens()).isEqualTo(6240);
        stub.verify(postRequestedFor(urlEqualTo("/v1/images/generations"))
                .withRequestBody(matchingJsonPath("$.background", equalTo("transparent")))
                .withRequestBody(matchingJsonPath("$.output_format", equalTo("png")))
                .withRequestBody(matchingJsonPath("$.quality", equalTo("auto"))));
    }

    @Test
    void urlAnswersAreDownloadedAtOnce() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"created\": 1, \"data\": [{\"url\": \"" + stub.baseUrl() + "/blob/img.png\"}]}")));
        stub.stubFor(get("/blob/img.png").willReturn(aResponse().withStatus(200).withBody(ProviderStubs.png(256, 256))));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.of("dall-e-2", "x").withSize("256x256")),
                new ProviderStubs.Context("dall-e-2"));

        assertThat(result.images().getFirst().width()).isEqualTo(256);
    }

    @Test
    void gptImageEditSendsEveryImageAsImageArrayParts() {
        stub.stubFor(post("/v1/images/edits").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"created\": 1, \"data\": [{\"b64_json\": \"" + b64(ProviderStubs.png(1024, 1024)) + "\"}]}")));

        provider.generate(ProviderStubs.validated(ImageRequest.builder().model("gpt-image-1").prompt("merge")
                        .images(List.of("in_a.png", "in_b.png")).inputFidelity("high").build()),
                new ProviderStubs.Context("gpt-image-1", List.of(ProviderStubs.png(64, 64), ProviderStubs.png(64, 64)), null));

        stub.verify(postRequestedFor(urlEqualTo("/v1/images/edits"))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(aMultipart().withName("image[]").build())
                .withRequestBodyPart(aMultipart().withName("input_fidelity").withBody(equalTo("high")).build()));
    }

    @Test
    void moderationRefusalsOfEitherShapeAreContentPolicyViolations() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": {\"message\": \"Your request was rejected by the safety system.\","
                        + " \"type\": \"image_generation_user_error\", \"param\": null, \"code\": \"moderation_blocked\"}}")));

        assertFails(ImageRequest.of("gpt-image-1", "x"), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");

        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": {\"message\": \"blocked\", \"type\": \"invalid_request_error\", \"code\": \"content_policy_violation\"}}")));

        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void insufficientQuotaIsOutOfCreditsNotARateLimit() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(429)
                .withBody("{\"error\": {\"message\": \"You exceeded your current quota\", \"type\": \"insufficient_quota\","
                        + " \"code\": \"insufficient_quota\"}}")));

        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits");
    }

    @Test
    void rateLimitIsRetryableWithTheRetryAfterGiven() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\": \"rate_limit_exceeded\"}}")));

        ProviderException failure = assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterGivenAsAnHttpDateIsTheWaitUntilThatMoment() {
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(60));
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(503).withHeader("Retry-After", inAMinute)
                .withBody("overloaded")));

        ProviderException failure = assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
        assertThat(failure.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));
    }

    @Test
    void badKeyIsProviderSideAndServerErrorsAreRetryable() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}")));
        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");

        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(503).withBody("overloaded")));
        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void failureCarriesTheRequestIdOpenAiGaveItForASupportTicket() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(500).withHeader("x-request-id", "req_failed_42")
                .withBody("{\"error\": {\"message\": \"The server had an error\", \"type\": \"server_error\", \"code\": null}}")));

        ProviderException failure = assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "provider_error");
        assertThat(failure.requestId()).contains("req_failed_42");
    }

    @Test
    void invalidRequestIsNeitherRetriedNorFallenBackFrom() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\": {\"message\": \"Invalid size\", \"type\": \"invalid_request_error\", \"param\": \"size\", \"code\": null}}")));

        ProviderException failure = assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(failure.causedByRequest()).isTrue();
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700).withBody("{\"created\": 1, \"data\": []}")));
        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ImageRequest.of("dall-e-3", "x"), ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /** The adapter's distinct requests, and the answers the stub serves them, against OpenAI's published description. */
    @Nested
    class PublishedContract {

        private static final String GENERATIONS = "post /images/generations";

        @BeforeEach
        void serveDocumentedAnswers() {
            String image = b64(ProviderStubs.png(64, 64));
            stub.stubFor(post("/v1/images/generations").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"created\": 1713833628, \"data\": [{\"b64_json\": \"" + image + "\", \"revised_prompt\": \"A lighthouse\"}],"
                            + " \"usage\": {\"input_tokens\": 50, \"output_tokens\": 6240, \"total_tokens\": 6290,"
                            + " \"input_tokens_details\": {\"text_tokens\": 50, \"image_tokens\": 0}}}")));
            stub.stubFor(post("/v1/images/edits").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"created\": 1713833628, \"data\": [{\"b64_json\": \"" + image + "\"}]}")));
        }

        @Test
        void theGenerationRequestsTheAdapterSendsMatchOpenAisPublishedSpec() {
            generate(ImageRequest.builder().model("dall-e-3").prompt("a lighthouse").quality("hd").style("natural").user("u-1").build());
            generate(ImageRequest.builder().model("dall-e-2").prompt("a lighthouse").size("256x256").build());
            generate(ImageRequest.builder().model("gpt-image-1").prompt("a map").size("1536x1024").background("transparent")
                    .outputFormat("webp").outputCompression(80).build());

            assertThat(OPENAI.assertConforms(stub)).containsExactly(GENERATIONS);
        }

        @Test
        void theEditRequestsTheAdapterSendsMatchOpenAisPublishedSpec() {
            provider.generate(ProviderStubs.validated(ImageRequest.builder().model("gpt-image-1").prompt("merge")
                            .images(List.of("in_a.png", "in_b.png")).inputFidelity("high").build()),
                    new ProviderStubs.Context("gpt-image-1", List.of(ProviderStubs.png(64, 64), ProviderStubs.png(64, 64)),
                            ProviderStubs.png(64, 64)));
            provider.generate(ProviderStubs.validated(ImageRequest.builder().model("dall-e-2").prompt("a hat").size("256x256")
                    .images(List.of("in.png")).build()), new ProviderStubs.Context("dall-e-2", List.of(ProviderStubs.png(64, 64)), null));

            assertThat(OPENAI.assertConforms(stub)).containsExactly("post /images/edits");
        }

        @Test
        void aMisspelledOrMistypedFieldIsRejectedByOpenAisPublishedSpec() {
            generate(ImageRequest.of("dall-e-3", "a lighthouse"));
            CapturedRequest sent = OPENAI.captured(stub, GENERATIONS);

            assertThat(OPENAI.violations(sent)).isEmpty();
            assertThat(OPENAI.violations(sent.withJsonField("qualty", "hd"))).singleElement().asString().contains("/qualty");
            assertThat(OPENAI.violations(sent.withJsonField("n", "one"))).isNotEmpty();
            assertThat(OPENAI.violations(sent.withoutHeader("Authorization"))).singleElement().asString().contains("no credentials");
        }

        private void generate(ImageRequest request) {
            provider.generate(ProviderStubs.validated(request), new ProviderStubs.Context(request.model()));
        }
    }

    private ProviderException assertFails(ImageRequest request, ProviderException.Kind kind, String code) {
        ValidatedImageRequest validated = ProviderStubs.validated(request);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> provider.generate(validated, new ProviderStubs.Context(validated.model())));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("openai");
        return failure;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
