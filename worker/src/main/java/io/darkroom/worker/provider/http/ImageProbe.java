package io.darkroom.worker.provider.http;

import io.darkroom.model.OutputFormat;
import io.darkroom.worker.provider.ProviderException;
import io.darkroom.worker.provider.RenderedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Reads what a provider's image bytes are (format from the bytes, size from the header) without decoding them. */
public final class ImageProbe {

    private ImageProbe() {
    }

    /**
     * @throws ProviderException (retryable: the provider sent something broken) when the bytes are no
     *                           PNG, JPEG or WebP image
     */
    public static RenderedImage rendered(String provider, byte[] bytes) {
        OutputFormat format = formatOf(bytes);
        if (format == null) {
            throw ProviderException.retryable(provider, "invalid_result", provider + " returned something that is no image", null, null);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new RenderedImage(bytes, format, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ProviderException.retryable(provider, "invalid_result", provider + " returned an unreadable image", null, e);
        }
    }

    /** PNG, JPEG or WebP by their magic bytes; null for anything else. */
    public static OutputFormat formatOf(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return OutputFormat.PNG;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8) {
            return OutputFormat.JPEG;
        }
        if (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[2] == 'F' && bytes[3] == 'F'
                && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
            return OutputFormat.WEBP;
        }
        return null;
    }
}
