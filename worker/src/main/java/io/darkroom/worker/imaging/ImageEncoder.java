package io.darkroom.worker.imaging;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPWriteParam;
import io.darkroom.model.OutputFormat;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.OptionalInt;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes a rendered image as PNG, JPEG or WebP; {@code output_compression} is the quality in percent. */
public final class ImageEncoder {

    public static final int DEFAULT_QUALITY_PERCENT = 92;

    public byte[] encode(BufferedImage image, OutputFormat format, OptionalInt compressionPercent, boolean keepAlpha) {
        float quality = compressionPercent.orElse(DEFAULT_QUALITY_PERCENT) / 100f;
        BufferedImage source = keepAlpha && format.supportsTransparency() ? image : opaque(image);
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(format.mediaType()).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(source, null, null), parameters(writer, format, quality));
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding " + format.wireName() + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriteParam parameters(ImageWriter writer, OutputFormat format, float quality) {
        return switch (format) {
            case PNG -> null;
            case JPEG -> {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                yield param;
            }
            case WEBP -> {
                WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(CompressionType.Lossy);
                param.setCompressionQuality(quality);
                yield param;
            }
        };
    }

    private static BufferedImage opaque(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
