package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageEditStreamEvent;
import com.openai.models.images.ImageGenStreamEvent;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Darkroom driven by the official OpenAI Java SDK, changing nothing but the base URL and the key. */
class OpenAiSdkIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();
    private final OpenAIClient client = client(DEV_KEY);

    private OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder().baseUrl(darkroom.baseUrl() + "/v1").apiKey(key)
                .maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void generatesImagesByUrl() {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.of("local/fast")).prompt("a fjord").size(ImageGenerateParams.Size.of("256x256")).n(2).build());

        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(2);
        byte[] bytes = darkroom.getBytes(images.getFirst().url().orElseThrow()).body();
        assertThat(Images.decode(bytes).getWidth()).isEqualTo(256);
        assertThat(response.created()).isPositive();
    }

    @Test
    void generatesImagesInlineAsBase64() {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model(ImageModel.of("local/fast")).prompt("a meadow").size(ImageGenerateParams.Size.of("512x512"))
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                .outputFormat(ImageGenerateParams.OutputFormat.WEBP).build());

        String b64 = response.data().orElseThrow().getFirst().b64Json().orElseThrow();
        assertThat(Images.decode(Base64.getDecoder().decode(b64)).getHeight()).isEqualTo(512);
        assertThat(response.outputFormat().orElseThrow().asString()).isEqualTo("webp");
    }

    @Test
    void editsSeveralImagesSentAsMultipart() {
        List<InputStream> inputs = List.of(
                new ByteArrayInputStream(Images.solidPng(64, 64, 0xFFAA3300, false)),
                new ByteArrayInputStream(Images.solidPng(64, 64, 0xFF0033AA, false)));

        ImagesResponse response = client.images().edit(ImageEditParams.builder()
                .image(ImageEditParams.Image.ofInputStreams(inputs)).prompt("merge them")
                .model(ImageModel.of("local/fast")).size(ImageEditParams.Size.of("256x256"))
                .responseFormat(ImageEditParams.ResponseFormat.B64_JSON).build());

        String b64 = response.data().orElseThrow().getFirst().b64Json().orElseThrow();
        assertThat(Images.decode(Base64.getDecoder().decode(b64)).getWidth()).isEqualTo(256);
    }

    @Test
    void streamsPartialImagesThenTheCompletedOne() {
        ImageGenerateParams params = ImageGenerateParams.builder().model(ImageModel.of("local/fast")).prompt("a streamed coast")
                .size(ImageGenerateParams.Size.of("256x256")).partialImages(2).build();

        List<ImageGenStreamEvent> events;
        try (StreamResponse<ImageGenStreamEvent> stream = client.images().generateStreaming(params)) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(3);
        assertThat(events.get(0).asGenerationPartialImage().partialImageIndex()).isZero();
        assertThat(events.get(1).asGenerationPartialImage().partialImageIndex()).isEqualTo(1);
        String finalImage = events.get(2).asGenerationCompleted().b64Json();
        assertThat(Images.decode(Base64.getDecoder().decode(finalImage)).getWidth()).isEqualTo(256);
    }

    @Test
    void streamsAnEdit() {
        ImageEditParams params = ImageEditParams.builder()
                .image(new ByteArrayInputStream(Images.solidPng(64, 64, 0xFF112233, false))).prompt("stream the edit")
                .model(ImageModel.of("local/fast")).size(ImageEditParams.Size.of("256x256")).partialImages(1).build();

        List<ImageEditStreamEvent> events;
        try (StreamResponse<ImageEditStreamEvent> stream = client.images().editStreaming(params)) {
            events = stream.stream().toList();
        }

        assertThat(events).hasSize(2);
        assertThat(events.get(0).isPartialImage()).isTrue();
        assertThat(events.get(1).isCompleted()).isTrue();
    }

    @Test
    void listsAndRetrievesModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).toList();
        Model slow = client.models().retrieve("local/slow");

        assertThat(ids).contains("local/fast", "local/slow");
        assertThat(slow.id()).isEqualTo("local/slow");
        assertThat(slow.ownedBy()).isEqualTo("local");
    }

    @Test
    void badSizeRaisesTheSdksBadRequestNamingSize() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder().model(ImageModel.of("local/fast"))
                .prompt("x").size(ImageGenerateParams.Size.of("123x456")).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("size");
                });
    }

    @Test
    void unknownModelRaisesBadRequestNamingModel() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder().model(ImageModel.of("dall-e-9"))
                .prompt("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void oversizedPromptRaisesBadRequestNamingPrompt() {
        assertThatThrownBy(() -> client.images().generate(ImageGenerateParams.builder().model(ImageModel.of("local/fast"))
                .prompt("p".repeat(32_001)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("prompt"));
    }

    @Test
    void wrongKeyRaisesUnauthorized() {
        assertThatThrownBy(() -> client("dr_wrong").models().list())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).contains("invalid_api_key"));
    }

    @Test
    void missingKeyIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client("").images().generate(ImageGenerateParams.builder().prompt("x").build()))
                .as("the SDK itself refuses to send without a key; the api's own 401 is TenancyIntegrationTests'")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void errorOfAStreamingCallIsStillOpenAisJsonError() {
        ImageGenerateParams params = ImageGenerateParams.builder().model(ImageModel.of("local/fast")).prompt("x")
                .size(ImageGenerateParams.Size.of("1x1")).partialImages(1).build();

        assertThatThrownBy(() -> client.images().generateStreaming(params).stream().toList())
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("size"));
    }
}
