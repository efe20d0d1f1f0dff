package io.darkroom.worker.provider.local;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ImageSize;
import io.darkroom.worker.provider.ImageProvider;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.ProviderResult;
import io.darkroom.worker.provider.RenderedImage;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The built-in provider: real images rendered on the CPU, deterministic from prompt and seed (the same
 * request gives the same bytes), honouring size, n, output format and a transparent background.
 * {@code local/slow} first waits the configured simulated latency, for demos, tests and benchmarks.
 */
@Component
final class LocalProvider implements ImageProvider {

    static final String NAME = "local";
    private static final Map<String, Integer> DETAIL_BY_QUALITY = Map.of("low", 3, "medium", 5, "high", 7);

    private final LandscapeRenderer renderer = new LandscapeRenderer();
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
    public ProviderResult generate(ImageRequest request) {
        simulateLatency(request.model());
        long seed = request.seed() != null ? request.seed() : seedOf(request.prompt());
        ImageSize size = request.imageSize();
        int detail = DETAIL_BY_QUALITY.getOrDefault(request.quality(), 5);
        List<RenderedImage> images = new ArrayList<>(request.n());
        for (int index = 0; index < request.n(); index++) {
            BufferedImage picture = renderer.render(size, seed + index, request.prompt(), detail,
                    request.wantsTransparency());
            byte[] bytes = encoder.encode(picture, request.format(), request.outputCompression(),
                    request.wantsTransparency());
            images.add(new RenderedImage(bytes, request.format(), size.width(), size.height()));
        }
        return new ProviderResult(images, null, seed);
    }

    /** A stable 32-bit seed from the prompt, so a request without a seed is still reproducible. */
    static long seedOf(String prompt) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash & 0xFFFF_FFFFL;
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
