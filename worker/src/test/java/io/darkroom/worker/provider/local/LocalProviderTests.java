package io.darkroom.worker.provider.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.darkroom.worker.provider.ProviderStubs;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalProviderTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();
    private final LocalProvider provider = new LocalProvider(new LocalProviderProperties(Duration.ofMillis(300)));

    @Test
    void sameRequestGivesTheSameBytes() {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "a quiet valley").withSize("256x256"));

        assertThat(generate(request).images().getFirst().bytes())
                .isEqualTo(generate(request).images().getFirst().bytes());
    }

    @Test
    void differentSeedsOrPromptsGiveDifferentImages() {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "a quiet valley").withSize("256x256"));

        byte[] base = generate(request).images().getFirst().bytes();
        assertThat(generate(catalog.validate(request.toImageRequest().withSeed(7L))).images().getFirst().bytes()).isNotEqualTo(base);
        assertThat(generate(catalog.validate(ImageRequest.of("local/fast", "a loud city").withSize("256x256")))
                .images().getFirst().bytes()).isNotEqualTo(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "webp"})
    void rendersDecodableImagesOfTheRequestedSizeAndFormat(String format) throws IOException {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "dunes").withSize("1024x1536").withOutputFormat(format));

        RenderedImage image = generate(request).images().getFirst();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));

        assertThat(decoded).as("decodable %s", format).isNotNull();
        assertThat(decoded.getWidth()).isEqualTo(1024);
        assertThat(decoded.getHeight()).isEqualTo(1536);
        assertThat(image.format().wireName()).isEqualTo(format);
        assertThat(magicOf(image.bytes())).isEqualTo(format);
    }

    @Test
    void rendersNDistinctImagesAndReportsTheSeed() {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "islands").withSize("256x256").withN(3).withSeed(42L));

        ProviderResult result = generate(request);

        assertThat(result.images()).hasSize(3);
        Set<String> distinct = new HashSet<>();
        result.images().forEach(image -> distinct.add(java.util.Arrays.toString(image.bytes())));
        assertThat(distinct).hasSize(3);
        assertThat(result.seed()).isEqualTo(42L);
    }

    @Test
    void pictureIsNotAFlatColour() throws IOException {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "mountains").withSize("256x256"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(generate(request).images().getFirst().bytes()));

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
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "peaks").withSize("256x256")
                .withOutputFormat(format).withBackground("transparent"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(generate(request).images().getFirst().bytes()));

        assertThat(decoded.getColorModel().hasAlpha()).isTrue();
        assertThat(decoded.getRGB(0, 0) >>> 24).as("alpha of the top-left sky pixel").isZero();
        assertThat(decoded.getRGB(128, 255) >>> 24).as("alpha of the land at the bottom").isEqualTo(255);
    }

    @Test
    void opaqueBackgroundPaintsTheSky() throws IOException {
        ValidatedImageRequest request = catalog.validate(ImageRequest.of("local/fast", "peaks").withSize("256x256"));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(generate(request).images().getFirst().bytes()));

        assertThat(decoded.getRGB(0, 0) >>> 24).isEqualTo(255);
    }

    @Test
    void slowModelWaitsTheConfiguredLatencyAndFastModelDoesNot() {
        ValidatedImageRequest slow = catalog.validate(ImageRequest.of("local/slow", "x").withSize("256x256"));
        ValidatedImageRequest fast = catalog.validate(slow.toImageRequest().withModel("local/fast"));

        long slowStart = System.nanoTime();
        generate(slow);
        long slowMillis = (System.nanoTime() - slowStart) / 1_000_000;

        assertThat(slowMillis).isGreaterThanOrEqualTo(300);
        long fastStart = System.nanoTime();
        generate(fast);
        assertThat((System.nanoTime() - fastStart) / 1_000_000).isLessThan(slowMillis);
    }

    @Test
    void streamingRequestHandsOverItsPartialRendersBeforeTheFinalImage() throws IOException {
        ValidatedImageRequest request = catalog.validate(ImageRequest.builder().model("local/fast").prompt("ridges").size("256x256")
                .stream(true).partialImages(3).build());
        ProviderStubs.Context context = new ProviderStubs.Context("local/fast", List.of(), null);

        byte[] finalImage = provider.generate(request, context).images().getFirst().bytes();

        assertThat(context.partials).hasSize(3);
        Set<String> distinct = new HashSet<>();
        for (RenderedImage partial : context.partials) {
            assertThat(ImageIO.read(new ByteArrayInputStream(partial.bytes())).getWidth()).isEqualTo(256);
            distinct.add(java.util.Arrays.toString(partial.bytes()));
        }
        distinct.add(java.util.Arrays.toString(finalImage));
        assertThat(distinct).as("each partial paints more ridges than the one before").hasSize(4);
    }

    @Test
    void requestThatDoesNotStreamGetsNoPartials() {
        ValidatedImageRequest request = catalog.validate(ImageRequest.builder().model("local/fast").prompt("x").size("256x256")
                .partialImages(2).build());
        ProviderStubs.Context context = new ProviderStubs.Context("local/fast", List.of(), null);

        provider.generate(request, context);

        assertThat(context.partials).isEmpty();
    }

    @Test
    void editWithAMaskRepaintsOnlyTheTransparentArea() throws IOException {
        byte[] input = solid(256, 256, 0xFF_20_80_20, false);
        byte[] mask = halfTransparentMask(256, 256);
        ValidatedImageRequest request = catalog.validate(ImageRequest.builder().model("local/fast").prompt("edit").size("256x256")
                .images(List.of("in_1.png")).mask("in_m.png").build());

        BufferedImage edited = ImageIO.read(new ByteArrayInputStream(
                provider.generate(request, new ProviderStubs.Context("local/fast", List.of(input), mask)).images().getFirst().bytes()));

        assertThat(edited.getRGB(200, 128) & 0xFFFFFF).as("kept: right half, opaque in the mask").isEqualTo(0x208020);
        assertThat(edited.getRGB(10, 10) & 0xFFFFFF).as("repainted: left half, transparent in the mask").isNotEqualTo(0x208020);
    }

    @Test
    void editWithoutAMaskVisiblyTransformsTheWholeInput() throws IOException {
        byte[] input = solid(256, 256, 0xFF_FF_FF_FF, false);
        ValidatedImageRequest request = catalog.validate(ImageRequest.builder().model("local/fast").prompt("edit").size("256x256")
                .images(List.of("in_1.png")).build());

        BufferedImage edited = ImageIO.read(new ByteArrayInputStream(
                provider.generate(request, new ProviderStubs.Context("local/fast", List.of(input), null)).images().getFirst().bytes()));

        int changed = 0;
        for (int y = 0; y < 256; y += 8) {
            for (int x = 0; x < 256; x += 8) {
                changed += (edited.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        assertThat(changed).as("pixels no longer white, of 1024 sampled").isGreaterThan(900);
    }

    @Test
    void naturalStyleMutesTheColoursOfTheSameScene() throws IOException {
        ValidatedImageRequest vivid = catalog.validate(ImageRequest.builder().model("local/fast").prompt("colour").size("256x256").build());
        ValidatedImageRequest natural = catalog.validate(vivid.toImageRequest().toBuilder().style("natural").build());

        assertThat(saturationOf(generate(natural))).isLessThan(saturationOf(generate(vivid)));
    }

    private ProviderResult generate(ValidatedImageRequest request) {
        return provider.generate(request, new ProviderStubs.Context("local/fast", List.of(), null));
    }

    private static double saturationOf(ProviderResult result) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.images().getFirst().bytes()));
        double total = 0;
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                int rgb = image.getRGB(x, y);
                int max = Math.max(rgb >> 16 & 0xff, Math.max(rgb >> 8 & 0xff, rgb & 0xff));
                int min = Math.min(rgb >> 16 & 0xff, Math.min(rgb >> 8 & 0xff, rgb & 0xff));
                total += max - min;
            }
        }
        return total;
    }

    private static byte[] solid(int width, int height, int argb, boolean alpha) throws IOException {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] halfTransparentMask(int width, int height) throws IOException {
        BufferedImage mask = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                mask.setRGB(x, y, x < width / 2 ? 0x00000000 : 0xFF000000);
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(mask, "png", out);
        return out.toByteArray();
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
