package io.darkroom.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.api.edits.EditsEndpoint;
import io.darkroom.api.images.GenerationsEndpoint;
import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.model.ImageSize;
import io.darkroom.model.InputFidelity;
import io.darkroom.model.ModelCatalog;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class BatchLinesTests {

    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    @Test
    void aGenerationLineIsValidatedByTheBatchsEndpointAndHasNothingToLoad() {
        BatchLines batch = read(new GenerationsEndpoint(), line("g-1", GenerationsEndpoint.PATH, "{\"prompt\":\"x\",\"size\":\"256x256\"}"));

        assertThat(batch.errors).isEmpty();
        assertThat(batch.lines).singleElement().satisfies(line -> {
            assertThat(line.customId()).isEqualTo("g-1");
            assertThat(line.request().size()).isEqualTo(new ImageSize(256, 256));
            assertThat(line.edit()).isNull();
        });
    }

    @Test
    void anEditLineIsReadByTheEditsEndpointWithItsImagesLeftToLoad() {
        BatchLines batch = read(new EditsEndpoint(), line("e-1", EditsEndpoint.PATH, """
                {"prompt":"add snow","images":[{"image_url":"https://img.example.com/a.png"}],\
                "mask":{"image_url":"https://img.example.com/m.png"},"input_fidelity":"high"}"""));

        assertThat(batch.errors).isEmpty();
        BatchLines.Line line = batch.lines.getFirst();
        assertThat(line.request().images()).containsExactly("images[0]");
        assertThat(line.request().mask()).contains("mask");
        assertThat(line.request().inputFidelity()).contains(InputFidelity.HIGH);
        assertThat(line.edit().imageUrls()).containsExactly("https://img.example.com/a.png");
        assertThat(line.edit().maskUrl()).isEqualTo("https://img.example.com/m.png");
    }

    @Test
    void aLineForAnotherEndpointThanTheBatchsIsRefusedNamingUrl() {
        BatchLines batch = read(new GenerationsEndpoint(), line("e-1", EditsEndpoint.PATH, "{\"prompt\":\"x\"}"));

        assertThat(batch.lines).isEmpty();
        assertThat(batch.errors).singleElement().satisfies(error -> {
            assertThat(error.param()).isEqualTo("url");
            assertThat(error.message()).contains(GenerationsEndpoint.PATH);
        });
    }

    @Test
    void anEditLineWithoutImagesIsRefusedNamingThemInTheBody() {
        BatchLines batch = read(new EditsEndpoint(), line("e-1", EditsEndpoint.PATH, "{\"prompt\":\"x\"}"));

        assertThat(batch.errors).singleElement().satisfies(error -> {
            assertThat(error.param()).isEqualTo("body.images");
            assertThat(error.code()).isEqualTo("missing_required_parameter");
        });
    }

    @Test
    void aStreamingLineIsRefusedNamingStreamInTheBody() {
        BatchLines batch = read(new GenerationsEndpoint(), line("g-1", GenerationsEndpoint.PATH, "{\"prompt\":\"x\",\"stream\":true}"));

        assertThat(batch.errors).singleElement().satisfies(error -> assertThat(error.param()).isEqualTo("body.stream"));
    }

    private static BatchLines read(ImageEndpoint endpoint, String content) {
        return BatchLines.read(content.getBytes(StandardCharsets.UTF_8), endpoint, JSON, CATALOG::validate);
    }

    private static String line(String customId, String url, String body) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"" + url + "\",\"body\":" + body + "}\n";
    }
}
