package io.darkroom.worker.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.ProviderStubs;
import io.darkroom.worker.provider.RenderedImage;
import io.darkroom.worker.provider.http.ImageProbe;
import org.junit.jupiter.api.Test;

class TranscoderTests {

    private final Transcoder transcoder = new Transcoder();

    @Test
    void pngFromAProviderIsReEncodedAsTheWebpTheCallerAskedFor() {
        RenderedImage png = new RenderedImage(ProviderStubs.png(64, 32), OutputFormat.PNG, 64, 32);
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of("flux/schnell", "x").withOutputFormat("webp"));

        RenderedImage webp = transcoder.toRequested(png, request);

        assertThat(webp.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(ImageProbe.formatOf(webp.bytes())).isEqualTo(OutputFormat.WEBP);
        assertThat(webp.width()).isEqualTo(64);
        assertThat(webp.height()).isEqualTo(32);
    }

    @Test
    void imageAlreadyInTheAskedFormatIsKeptByteForByte() {
        RenderedImage png = new RenderedImage(ProviderStubs.png(8, 8), OutputFormat.PNG, 8, 8);
        ValidatedImageRequest request = ProviderStubs.validated(ImageRequest.of("flux/schnell", "x"));

        assertThat(transcoder.toRequested(png, request)).isSameAs(png);
    }
}
