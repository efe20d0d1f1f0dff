package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class SyncGenerationIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @ParameterizedTest
    @CsvSource({"png, image/png, 512x512", "jpeg, image/jpeg, 1024x1536", "webp, image/webp, 256x256"})
    void syncRequestAnswersLikeOpenAiWithADecodableImageOfTheRequestedSizeAndFormat(String format, String mediaType,
            String size) throws IOException {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/fast\", \"prompt\": \"a lighthouse\", \"size\": \"" + size
                        + "\", \"output_format\": \"" + format + "\"}", auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = darkroom.json(response);
        assertThat(body.get("created").asLong()).isPositive();
        assertThat(body.get("data")).hasSize(1);
        assertThat(body.get("output_format").asString()).isEqualTo(format);
        assertThat(body.get("size").asString()).isEqualTo(size);

        HttpResponse<byte[]> image = darkroom.getBytes(body.get("data").get(0).get("url").asString());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue(mediaType);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat(decoded.getWidth() + "x" + decoded.getHeight()).isEqualTo(size);
    }

    @Test
    void b64JsonResponseCarriesTheImagesInline() throws IOException {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"prompt\": \"two moons\", \"size\": \"256x256\", \"n\": 2, \"response_format\": \"b64_json\"}",
                auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = darkroom.json(response).get("data");
        assertThat(data).hasSize(2);
        for (JsonNode datum : data) {
            assertThat(datum.has("url")).isFalse();
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(datum.get("b64_json").asString())));
            assertThat(decoded.getWidth()).isEqualTo(256);
        }
    }

    @Test
    void perfObjectNamesTheJobModelProviderAndFigures() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"model\": \"local/fast\", \"prompt\": \"harbour\", \"size\": \"256x256\", \"quality\": \"high\"}", auth(DEV_KEY));

        JsonNode perf = darkroom.json(response).get("perf");
        assertThat(perf.get("request_id").asString()).startsWith("job_");
        assertThat(perf.get("model_used").asString()).isEqualTo("local/fast");
        assertThat(perf.get("provider").asString()).isEqualTo("local");
        assertThat(perf.get("size").asString()).isEqualTo("256x256");
        assertThat(perf.get("quality").asString()).isEqualTo("high");
        assertThat(perf.get("cost_usd").isNumber()).isTrue();
        assertThat(perf.get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(perf.get("queue_wait_ms").asLong()).isGreaterThanOrEqualTo(0);

        HttpResponse<String> job = darkroom.get("/v1/jobs/" + perf.get("request_id").asString(), auth(DEV_KEY));
        assertThat(darkroom.json(job).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void sameRequestWithTheSameSeedGivesTheSameImageBytes() {
        String request = "{\"prompt\": \"a red barn\", \"size\": \"256x256\", \"seed\": 1234}";
        byte[] first = imageOf(darkroom.post("/v1/images/generations", request, auth(DEV_KEY)));
        byte[] second = imageOf(darkroom.post("/v1/images/generations", request, auth(DEV_KEY)));

        assertThat(first).isEqualTo(second);
    }

    private byte[] imageOf(HttpResponse<String> response) {
        return darkroom.getBytes(darkroom.json(response).get("data").get(0).get("url").asString()).body();
    }
}
