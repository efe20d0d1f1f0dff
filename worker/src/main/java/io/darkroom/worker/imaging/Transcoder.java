package io.darkroom.worker.imaging;

import io.darkroom.model.ValidatedImageRequest;
import io.darkroom.worker.provider.RenderedImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Honours {@code output_format} whatever the provider returned: a provider that cannot produce WebP
 * (BFL, fal) returns PNG, which is re-encoded here; an image already in the asked format is kept as is.
 */
public final class Transcoder {

    private final ImageEncoder encoder = new ImageEncoder();

    public RenderedImage toRequested(RenderedImage image, ValidatedImageRequest request) {
        if (image.format() == request.outputFormat()) {
            return image;
        }
        BufferedImage decoded = decode(image.bytes());
        byte[] bytes = encoder.encode(decoded, request.outputFormat(), request.outputCompression(), request.wantsTransparency());
        return new RenderedImage(bytes, request.outputFormat(), decoded.getWidth(), decoded.getHeight());
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("A provider's image could not be decoded for re-encoding");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
