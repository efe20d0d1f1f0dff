package io.darkroom.worker.provider;

import io.darkroom.worker.settings.ProviderDirectory;
import io.darkroom.worker.settings.ProvidersProperties;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.ModelSpec;
import io.darkroom.model.ValidatedImageRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Shared by the adapters' tests: settings pointing at a stub, a context, validated requests, test images. */
public final class ProviderStubs {

    public static final String API_KEY = "test-key-123";
    /** The stub's addresses ({@code localhost}): result downloads may reach them although they are loopback. */
    public static final List<String> STUB_ADDRESSES = List.of("127.0.0.1/32", "::1/128");
    /** Short, so that timeout tests run fast; long enough for a cold stub on a loaded 2-core machine (0.8 s was not: issue 12). */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private ProviderStubs() {
    }

    /** A directory in which {@code provider} lives at {@code baseUrl} with {@link #API_KEY}. */
    public static ProviderDirectory directory(String provider, String baseUrl) {
        ProvidersProperties.Defaults defaults = new ProvidersProperties.Defaults(Duration.ofSeconds(2), READ_TIMEOUT,
                Duration.ofMillis(20), Duration.ofSeconds(3), 4, 3, STUB_ADDRESSES);
        ProvidersProperties.Instance instance = new ProvidersProperties.Instance(baseUrl, API_KEY, null, null, null, null, null,
                null, null, null, null);
        return new ProviderDirectory(new ProvidersProperties(defaults, Map.of(provider, instance)),
                ModelCatalog.builtIn().providers());
    }

    /** {@code request} validated against the built-in catalog, every default filled in. */
    public static ValidatedImageRequest validated(ImageRequest request) {
        return ModelCatalog.builtIn().validate(request);
    }

    /**
     * {@code request} validated against a copy of its built-in model that takes every optional parameter and
     * input images: for an adapter's defence against what its real model's validation would refuse.
     */
    public static ValidatedImageRequest validatedAsIfTheModelTookEverything(ImageRequest request) {
        ModelSpec real = ModelCatalog.builtIn().find(request.model()).orElseThrow();
        ModelSpec permissive = new ModelSpec(real.id(), real.description(), real.routes(), real.sizes(), real.maxImages(),
                real.maxPromptChars(), real.qualities(), real.styles(), ModelSpec.OPTIONS, Math.max(1, real.maxInputImages()),
                real.partialImages());
        return new ModelCatalog(List.of(permissive)).validate(request);
    }

    /** The upstream id of {@code model} at {@code provider}, from the catalog. */
    public static String upstream(String model, String provider) {
        return ModelCatalog.builtIn().find(model).orElseThrow().route(provider).orElseThrow().upstreamModel();
    }

    /** A PNG of the given size, one colour. */
    public static byte[] png(int width, int height) {
        return encode(width, height, "png");
    }

    /** A JPEG of the given size, one colour. */
    public static byte[] jpeg(int width, int height) {
        return encode(width, height, "jpeg");
    }

    private static byte[] encode(int width, int height, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x336699);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A context for {@code upstreamModel} with fixed inputs, recording the partials it is handed. */
    public static final class Context implements GenerationContext {
        private final String upstreamModel;
        private final List<byte[]> inputs;
        private final byte[] mask;
        public final List<RenderedImage> partials = new ArrayList<>();

        public Context(String upstreamModel) {
            this(upstreamModel, List.of(), null);
        }

        public Context(String upstreamModel, List<byte[]> inputs, byte[] mask) {
            this.upstreamModel = upstreamModel;
            this.inputs = inputs;
            this.mask = mask;
        }

        @Override
        public String upstreamModel() {
            return upstreamModel;
        }

        @Override
        public List<byte[]> inputImages() {
            return inputs;
        }

        @Override
        public Optional<byte[]> mask() {
            return Optional.ofNullable(mask);
        }

        @Override
        public void partial(int index, RenderedImage image) {
            partials.add(image);
        }
    }
}
