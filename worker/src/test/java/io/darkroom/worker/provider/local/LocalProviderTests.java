package io.darkroom.worker.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ModelCatalog;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalProviderTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();
    private final LocalProvider provider = new LocalProvider(new LocalProviderProperties(Duration.ofMillis(300)));

    @Test
    void sameRequestGivesTheSameBytes() {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "a quiet valley").withSize("256x256"));

        assertThat(provider.generate(request).images().getFirst().bytes())
                .isEqualTo(provider.generate(request).images().getFirst().bytes());
    }

    @Test
    void differentSeedsOrPromptsGiveDifferentImages() {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "a quiet valley").withSize("256x256"));

        byte[] base = provider.generate(request).images().getFirst().bytes();
        assertThat(provider.generate(request.withSeed(7L)).images().getFirst().bytes()).isNotEqualTo(base);
        assertThat(provider.generate(catalog.validate(ImageRequest.of("local/fast", "a loud city").withSize("256x256")))
                .images().getFirst().bytes()).isNotEqualTo(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void rendersDecodableImagesOfTheRequestedSizeAndFormat(String format) throws IOException {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "dunes").withSize("1024x1536").withOutputFormat(format));

        RenderedImage image = provider.generate(request).images().getFirst();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));

        assertThat(decoded).as("decodable %s", format).isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(1024);
        assertThat(decoded.getHeight()).isEqualTo(1536);
        assertThat(image.format().wireName()).isEqualTo(format);
        assertThat(magicOf(image.bytes())).isEqualTo(format);
    }

    @Test
    void rendersNDistinctImagesAndReportsTheSeed() {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "islands").withSize("256x256").withN(3).withSeed(42L));

        ProviderResult result = provider.generate(request);

        assertThat(result.images()).hasSize(3);
        Set<String> distinct = new HashSet<>();
        result.images().forEach(image -> distinct.add(java.util.Arrays.toString(image.bytes())));
        assertThat(distinct).hasSize(3);
        assertThat(result.seed()).isEqualTo(42L);
    }

    @Test
    void pictureIsNotAFlatColour() throws IOException {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "mountains").withSize("256x256"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(provider.generate(request).images().getFirst().bytes()));

        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < decoded.getHeight(); y += 4) {
            for (int x = 0; x < decoded.getWidth(); x += 4) {
                colours.add(decoded.getRGB(x, y));
            }
        }
        assertThat(colours).hasSizeGreaterThan(50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "webp"})
    void transparentBackgroundLeavesTheSkyTransparent(String format) throws IOException {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "peaks").withSize("256x256")
                .withOutputFormat(format).withBackground("transparent"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(provider.generate(request).images().getFirst().bytes()));

        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(0, 0) >>> 24).as("alpha of the top-left sky pixel").isZero();
        assertThat(decoded.getRGB(128, 255) >>> 24).as("alpha of the land at the bottom").isEqualTo(255);
    }

    @Test
    void opaqueBackgroundPaintsTheSky() throws IOException {
        ImageRequest request = catalog.validate(ImageRequest.of("local/fast", "peaks").withSize("256x256"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(provider.generate(request).images().getFirst().bytes()));

        assertThat(decoded.getRGB(0, 0) >>> 24).isEqualTo(255);
    }

    @Test
    void slowModelWaitsTheConfiguredLatencyAndFastModelDoesNot() {
        ImageRequest slow = catalog.validate(ImageRequest.of("local/slow", "x").withSize("256x256"));
        ImageRequest fast = slow.withModel("local/fast");

        long slowStart = System.nanoTime();
        provider.generate(slow);
        long slowMillis = (System.nanoTime() - slowStart) / 1_000_000;

        assertThat(slowMillis).isGreaterThanOrEqualTo(300);
        long fastStart = System.nanoTime();
        provider.generate(fast);
        assertThat((System.nanoTime() - fastStart) / 1_000_000).isLessThan(slowMillis);
    }

    private static String magicOf(byte[] bytes) {
        if (bytes[0] == (byte) 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return "png";
        }
        if (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xD8) {
            return "jpeg";
        }
        if (new String(bytes, 0, 4).equals("RIFF") && new String(bytes, 8, 4).equals("WEBP")) {
            return "webp";
        }
        return "unknown";
    }
}
