package io.darkroom.worker.provider.stability;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import io.darkroom.model.InputFidelity;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.ProviderStubs;
import io.darkroom.worker.provider.contract.CapturedRequest;
import io.darkroom.worker.provider.contract.ProviderContract;
import io.darkroom.worker.provider.http.ImageProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Stability adapter against a stub speaking Stability's Stable Image (v2beta) wire format. */
class StabilityProviderTests {

    /**
     * Stability's published description, as excerpted in {@code contracts/stability} (decision 032): every exchange of
     * every test meets it where it describes one.
     */
    private static final ProviderContract STABILITY = ProviderContract.published("stability");
    private static final String CORE = "/v2beta/stable-image/generate/core";
    private static final String ULTRA = "/v2beta/stable-image/generate/ultra";
    private static final String SD3 = "/v2beta/stable-image/generate/sd3";

    private final WireMockServer stub = new WireMockServer(options().dynamicPort());
    private StabilityProvider provider;

    @BeforeEach
    void start() {
        stub.start();
        provider = new StabilityProvider(ProviderStubs.directory("stability", stub.baseUrl()));
    }

    @AfterEach
    void stop() {
        try {
            STABILITY.assertConformsWhereDescribed(stub);
        } finally {
            stub.stop();
        }
    }

    @Test
    void generationPostsAFormWithTheClosestAspectRatioAndReturnsTheRawImage() {
        stub.stubFor(post(CORE).willReturn(image(ProviderStubs.jpeg(1344, 768)).withHeader("seed", "42")
                .withHeader("x-request-id", "a1b2c3")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("stability/stable-image-core")
                        .prompt("a lighthouse at dusk").size("1344x768").outputFormat("jpeg").seed(42L).build()),
                context("stability/stable-image-core"));

        assertThat(result.images()).singleElement().satisfies(image -> {
            assertThat(image.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(image.width()).isEqualTo(1344);
            assertThat(image.height()).isEqualTo(768);
        });
        assertThat(result.seed()).isEqualTo(42L);
        assertThat(result.requestId()).isEqualTo("a1b2c3");
        assertThat(result.revisedPrompt()).isNull();
        stub.verify(1, postRequestedFor(urlEqualTo(CORE))
                .withHeader("authorization", equalTo("Bearer " + ProviderStubs.API_KEY))
                .withHeader("accept", equalTo("image/*"))
                .withHeader("Content-Type", containing("multipart/form-data"))
                .withRequestBodyPart(part("prompt", "a lighthouse at dusk"))
                .withRequestBodyPart(part("aspect_ratio", "16:9"))
                .withRequestBodyPart(part("output_format", "jpeg"))
                .withRequestBodyPart(part("seed", "42"))
                .withRequestBody(notContaining("name=\"model\""))
                .withRequestBody(notContaining("name=\"image\"")));
    }

    @Test
    void sd3ModelsGoToTheSd3EndpointNamingTheModel() {
        stub.stubFor(post(SD3).willReturn(image(ProviderStubs.png(832, 1216))));

        provider.generate(ProviderStubs.validated(ImageRequest.builder().model("stability/sd3.5-large-turbo").prompt("a tower")
                .size("832x1216").build()), context("stability/sd3.5-large-turbo"));

        stub.verify(1, postRequestedFor(urlEqualTo(SD3))
                .withRequestBodyPart(part("model", "sd3.5-large-turbo"))
                .withRequestBodyPart(part("aspect_ratio", "2:3"))
                .withRequestBodyPart(part("output_format", "png"))
                .withRequestBody(notContaining("name=\"mode\"")));
    }

    @Test
    void nImagesTakeNCallsWithConsecutiveSeeds() {
        stub.stubFor(post(CORE).willReturn(image(ProviderStubs.png(1024, 1024)).withHeader("seed", "7")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("stability/stable-image-core")
                .prompt("x").n(3).seed(7L).build()), context("stability/stable-image-core"));

        assertThat(result.images()).hasSize(3);
        stub.verify(3, postRequestedFor(urlEqualTo(CORE)));
        for (String seed : List.of("7", "8", "9")) {
            stub.verify(1, postRequestedFor(urlEqualTo(CORE)).withRequestBodyPart(part("seed", seed)));
        }
    }

    @Test
    void withoutASeedNoneIsSentAndTheOneStabilityPickedIsReported() {
        stub.stubFor(post(CORE).willReturn(image(ProviderStubs.png(1024, 1024)).withHeader("seed", "3141592653")));

        ProviderResult result = provider.generate(ProviderStubs.validated(ImageRequest.builder().model("stability/stable-image-core")
                .prompt("x").n(2).build()), context("stability/stable-image-core"));

        assertThat(result.images()).hasSize(2);
        assertThat(result.seed()).isEqualTo(3_141_592_653L);
        stub.verify(2, postRequestedFor(urlEqualTo(CORE)).withRequestBody(notContaining("name=\"seed\"")));
    }

    @Test
    void ultraEditSendsTheInputImageAndAMiddleStrengthInsteadOfAnAspectRatio() {
        stub.stubFor(post(ULTRA).willReturn(image(ProviderStubs.png(1024, 1024))));

        ValidatedImageRequest edit = ProviderStubs.validated(ImageRequest.builder().model("stability/stable-image-ultra").prompt("add snow")
                .images(List.of("in_a.png")).build());
        ProviderResult result = provider.generate(edit, new ProviderStubs.Context(upstream("stability/stable-image-ultra"),
                List.of(ProviderStubs.jpeg(96, 64)), null));

        assertThat(result.images()).hasSize(1);
        stub.verify(1, postRequestedFor(urlEqualTo(ULTRA))
                .withRequestBodyPart(aMultipart().withName("image").withHeader("Content-Type", equalTo("image/jpeg")).build())
                .withRequestBodyPart(part("strength", "0.5"))
                .withRequestBodyPart(part("prompt", "add snow"))
                .withRequestBody(notContaining("name=\"aspect_ratio\""))
                .withRequestBody(notContaining("name=\"mode\"")));
    }

    @Test
    void sd3EditIsImageToImageWithTheStrengthFromTheInputFidelity() {
        stub.stubFor(post(SD3).willReturn(image(ProviderStubs.png(1024, 1024))));

        ValidatedImageRequest edit = ProviderStubs.validated(ImageRequest.builder().model("stability/sd3.5-large").prompt("add snow")
                .images(List.of("in_a.png")).inputFidelity("high").build());
        provider.generate(edit, new ProviderStubs.Context(upstream("stability/sd3.5-large"), List.of(ProviderStubs.png(64, 64)), null));

        stub.verify(1, postRequestedFor(urlEqualTo(SD3))
                .withRequestBodyPart(part("mode", "image-to-image"))
                .withRequestBodyPart(part("model", "sd3.5-large"))
                .withRequestBodyPart(aMultipart().withName("image").withHeader("Content-Type", equalTo("image/png")).build())
                .withRequestBodyPart(part("strength", "0.35")));
        assertThat(StabilityProvider.strength(Optional.of(InputFidelity.LOW))).isEqualTo("0.75");
    }

    @Test
    void aMaskIsRefusedBeforeAnyCallSinceTheGenerateEndpointsTakeNone() {
        ValidatedImageRequest edit = ProviderStubs.validatedAsIfTheModelTookEverything(ImageRequest.builder()
                .model("stability/stable-image-ultra").prompt("x").images(List.of("in_a.png")).mask("mask.png").build());

        Throwable thrown = catchThrowable(() -> provider.generate(edit, new ProviderStubs.Context(upstream("stability/stable-image-ultra"),
                List.of(ProviderStubs.png(64, 64)), ProviderStubs.png(64, 64))));

        assertThat(thrown).isInstanceOfSatisfying(ProviderException.class, failure -> {
            assertThat(failure.kind()).isEqualTo(ProviderException.Kind.INVALID_REQUEST);
            assertThat(failure.getMessage()).contains("mask");
        });
        stub.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void aFilteredImageIsAContentPolicyViolationEvenThoughTheAnswerIs200() {
        stub.stubFor(post(CORE).willReturn(image(ProviderStubs.png(1024, 1024), "CONTENT_FILTERED")));

        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void contentModerationErrorsAreContentPolicyViolationsWhateverTheirStatus() {
        stub.stubFor(post(CORE).willReturn(error(403, "content_moderation",
                "Your request was flagged by our content moderation system, as a result your request was denied.")));
        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");

        stub.stubFor(post(CORE).willReturn(error(422, "content_moderation", "Your request was rejected by our moderation system.")));
        assertFails(ProviderException.Kind.CONTENT_POLICY, "content_policy_violation");
    }

    @Test
    void paymentRequiredIsOutOfCreditsAndABadKeyIsInvalidCredentials() {
        stub.stubFor(post(CORE).willReturn(error(402, "payment_required", "You lack sufficient credits to make this request.")));
        ProviderException credits = assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "out_of_credits");
        assertThat(credits.getMessage()).contains("sufficient credits");

        stub.stubFor(post(CORE).willReturn(error(401, "unauthorized", "Missing or invalid API key.")));
        assertFails(ProviderException.Kind.PROVIDER_UNAVAILABLE, "invalid_credentials");
    }

    @Test
    void rateLimitHonoursRetryAfterAndOtherwiseWaitsOutTheSixtySecondLockout() {
        stub.stubFor(post(CORE).willReturn(error(429, "rate_limit_exceeded",
                "You have exceeded the rate limit of 150 requests within a 10 second period").withHeader("Retry-After", "5")));
        ProviderException hinted = assertFails(ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(hinted.retryAfter()).contains(Duration.ofSeconds(5));

        stub.stubFor(post(CORE).willReturn(error(429, "rate_limit_exceeded",
                "You have exceeded the rate limit of 150 requests within a 10 second period")));
        ProviderException locked = assertFails(ProviderException.Kind.RETRYABLE, "rate_limited");
        assertThat(locked.retryAfter()).contains(Duration.ofSeconds(60));
    }

    @Test
    void invalidAndTooLargeRequestsAreTheCallersAndNotRetried() {
        stub.stubFor(post(CORE).willReturn(error(400, "bad_request", "prompt: cannot be empty")));
        ProviderException invalid = assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
        assertThat(invalid.causedByRequest()).isTrue();
        assertThat(invalid.getMessage()).contains("prompt: cannot be empty");

        stub.stubFor(post(CORE).willReturn(error(413, "payload_too_large", "Request bodies are limited to 10MiB")));
        assertFails(ProviderException.Kind.INVALID_REQUEST, "invalid_request");
    }

    @Test
    void serverErrorsAreRetryable() {
        stub.stubFor(post(CORE).willReturn(error(500, "internal_error", "An unexpected server error has occurred.")));

        assertFails(ProviderException.Kind.RETRYABLE, "provider_error");
    }

    @Test
    void slowAnswerAndDroppedConnectionAreRetryable() {
        stub.stubFor(post(CORE).willReturn(image(ProviderStubs.png(64, 64))
                .withFixedDelay((int) ProviderStubs.READ_TIMEOUT.toMillis() + 700)));
        assertFails(ProviderException.Kind.RETRYABLE, "timeout");

        stub.stubFor(post(CORE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertFails(ProviderException.Kind.RETRYABLE, "connection_error");
    }

    /** The adapter's forms, and the images the stub answers them with, against Stability's published description. */
    @Nested
    class PublishedContract {

        @BeforeEach
        void serveDocumentedAnswers() {
            for (String path : List.of(CORE, ULTRA, SD3)) {
                stub.stubFor(post(path).willReturn(image(ProviderStubs.png(64, 64)).withHeader("seed", "42")));
            }
        }

        @Test
        void theGenerationAndEditFormsTheAdapterSendsMatchStabilitysPublishedSpec() {
            for (String model : List.of("stability/stable-image-core", "stability/stable-image-ultra", "stability/sd3.5-large",
                    "stability/sd3.5-large-turbo", "stability/sd3.5-medium")) {
                provider.generate(ProviderStubs.validated(ImageRequest.builder().model(model).prompt("a lighthouse").size("1344x768")
                        .outputFormat("webp").seed(7L).build()), context(model));
            }
            for (String model : List.of("stability/stable-image-ultra", "stability/sd3.5-medium")) {
                provider.generate(ProviderStubs.validated(ImageRequest.builder().model(model).prompt("make it night")
                                .images(List.of("in.png")).inputFidelity("high").build()),
                        new ProviderStubs.Context(upstream(model), List.of(ProviderStubs.png(64, 64)), null));
            }

            assertThat(STABILITY.assertConforms(stub)).containsExactlyInAnyOrder("post /v2beta/stable-image/generate/core",
                    "post /v2beta/stable-image/generate/ultra", "post /v2beta/stable-image/generate/sd3");
        }

        @Test
        void anAspectRatioStabilityDoesNotOfferIsRejectedByItsPublishedSpec() {
            provider.generate(ProviderStubs.validated(ImageRequest.of("stability/stable-image-core", "a lighthouse")),
                    context("stability/stable-image-core"));
            CapturedRequest sent = STABILITY.captured(stub, "post /v2beta/stable-image/generate/core");

            assertThat(STABILITY.violations(sent)).isEmpty();
            assertThat(STABILITY.violations(sent.withFormField("aspect_ratio", "4:3"))).singleElement().asString()
                    .contains("/aspect_ratio");
            assertThat(STABILITY.violations(sent.withoutHeader("authorization"))).singleElement().asString()
                    .contains("'authorization'");
        }
    }

    private ProviderException assertFails(ProviderException.Kind kind, String code) {
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of("stability/stable-image-core", "x"));
        Throwable thrown = catchThrowable(() -> provider.generate(request, context("stability/stable-image-core")));
        assertThat(thrown).isInstanceOf(ProviderException.class);
        ProviderException failure = (ProviderException) thrown;
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.code()).isEqualTo(code);
        assertThat(failure.provider()).isEqualTo("stability");
        return failure;
    }

    private static ProviderStubs.Context context(String model) {
        return new ProviderStubs.Context(upstream(model));
    }

    private static String upstream(String model) {
        return ProviderStubs.upstream(model, "stability");
    }

    private static ResponseDefinitionBuilder image(byte[] bytes) {
        return image(bytes, "SUCCESS");
    }

    private static ResponseDefinitionBuilder image(byte[] bytes, String finishReason) {
        return aResponse().withStatus(200).withHeader("Content-Type", ImageProbe.formatOf(bytes).mediaType())
                .withHeader("finish-reason", finishReason)
                .withBody(bytes);
    }

    private static ResponseDefinitionBuilder error(int status, String name, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"0b9c5f1e2d3a4b5c\", \"name\": \"" + name + "\", \"errors\": [\"" + message + "\"]}");
    }

    private static MultipartValuePattern part(String name, String value) {
        return aMultipart().withName(name).withBody(equalTo(value)).build();
    }
}
