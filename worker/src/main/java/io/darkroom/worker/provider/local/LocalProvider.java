package io.darkroom.worker.provider.local;

import io.darkroom.model.ImageSize;
import io.darkroom.model.InputFidelity;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.imaging.ImageEncoder;
import io.darkroom.worker.provider.GenerationContext;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * The built-in provider: real images rendered on the CPU, deterministic from prompt and seed (the same
 * request gives the same bytes), honouring size, n, style, output format and a transparent background.
 * It edits (the inputs transformed by the landscape, inside the mask when there is one) and streams
 * real partial renders: the landscape with fewer of its ridges painted. {@code local/slow} first waits
 * the configured simulated latency, for demos, tests and benchmarks.
 */
@Component
final class LocalProvider implements ImageProvider {

    static final String NAME = "local";
    private static final Map<String, Integer> DETAIL_BY_QUALITY = Map.of("low", 3, "medium", 5, "high", 7);

    private final LandscapeRenderer renderer = new LandscapeRenderer();
    private final ImageEditor editor = new ImageEditor();
    private final ImageEncoder encoder = new ImageEncoder();
    private final LocalProviderProperties properties;

    LocalProvider(LocalProviderProperties properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProviderResult generate(ValidatedImageRequest request, GenerationContext context) {
        simulateLatency(request.model());
        long seed = request.seed().orElseGet(() -> seedOf(request.prompt()));
        List<BufferedImage> inputs = decodeAll(context.inputImages());
        BufferedImage mask = context.mask().map(LocalProvider::decode).orElse(null);
        int partials = request.streams() ? request.partialImages() : 0;
        for (int partial = 0; partial < partials; partial++) {
            int ridges = (int) Math.ceil((partial + 1) * LandscapeRenderer.RIDGES / (double) (partials + 1));
            context.partial(partial, picture(request, seed, ridges, inputs, mask));
        }
        List<RenderedImage> images = new ArrayList<>(request.n());
        for (int index = 0; index < request.n(); index++) {
            images.add(picture(request, seed + index, LandscapeRenderer.RIDGES, inputs, mask));
        }
        return new ProviderResult(images, null, seed, null, null);
    }

    private RenderedImage picture(ValidatedImageRequest request, long seed, int ridges, List<BufferedImage> inputs, BufferedImage mask) {
        ImageSize size = request.size();
        Scene scene = new Scene(size, seed, request.prompt(), DETAIL_BY_QUALITY.getOrDefault(request.quality(), 5),
                request.wantsTransparency() && inputs.isEmpty(), ridges, request.style().filter("natural"::equals).isPresent());
        BufferedImage picture = renderer.render(scene);
        if (!inputs.isEmpty()) {
            picture = editor.edit(inputs, mask, picture, request.inputFidelity().filter(InputFidelity.HIGH::equals).isPresent());
        }
        byte[] bytes = encoder.encode(picture, request.outputFormat(), request.outputCompression(), request.wantsTransparency());
        return new RenderedImage(bytes, request.outputFormat(), size.width(), size.height());
    }

    /** A stable 32-bit seed from the prompt, so a request without a seed is still reproducible. */
    static long seedOf(String prompt) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash & 0xFFFF_FFFFL;
    }

    private static List<BufferedImage> decodeAll(List<byte[]> encoded) {
        return encoded.stream().map(LocalProvider::decode).toList();
    }

    private static BufferedImage decode(byte[] encoded) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
            if (image == null) {
                throw ProviderException.finalFailure(NAME, "invalid_image", "An input image could not be decoded.");
            }
            return image;
        } catch (IOException e) {
            throw ProviderException.finalFailure(NAME, "invalid_image", "An input image could not be decoded: " + e.getMessage());
        }
    }

    private void simulateLatency(String model) {
        Duration latency = "local/slow".equals(model) ? properties.slowLatency() : Duration.ZERO;
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProviderException.retryableFailure(NAME, "interrupted", "The worker stopped during the call", e);
        }
    }
}
