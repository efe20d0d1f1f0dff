package io.darkroom.api.edits;

import io.darkroom.api.InputProperties;
import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.model.Ids;
import io.darkroom.model.ImageSize;
import io.darkroom.model.OutputFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks an edit's input images and stores them for the worker: each must be PNG, JPEG or WebP (judged by
 * its bytes, not its declared type), within the size and pixel limits, and decodable; a mask must be a PNG
 * with an alpha channel and the size of the first image.
 */
@Component
class InputImages {

    private final ImageStore store;
    private final long maxBytes;
    private final long maxPixels;

    InputImages(ImageStore store, InputProperties properties) {
        this.store = store;
        this.maxBytes = properties.maxImageBytes().toBytes();
        this.maxPixels = properties.maxImagePixels();
    }

    /** The stored ids of the images and, when given, of the mask (last), kept as long as result images. */
    StoredInputs store(List<Upload> images, Optional<Upload> mask) {
        return store(images, mask, null);
    }

    /** As {@link #store(List, Optional)}, kept for {@code lifetime} (a batch's inputs live as long as the batch); null for the usual. */
    StoredInputs store(List<Upload> images, Optional<Upload> mask, java.time.Duration lifetime) {
        if (images.isEmpty()) {
            throw invalid("image", "missing_required_parameter", "Missing required parameter: 'image'.");
        }
        List<String> ids = new ArrayList<>();
        ImageSize first = null;
        for (Upload image : images) {
            Checked checked = check(image);
            first = first == null ? checked.size() : first;
            ids.add(save(checked, lifetime));
        }
        String maskId = null;
        if (mask.isPresent()) {
            maskId = save(checkMask(mask.get(), first), lifetime);
        }
        return new StoredInputs(ids, maskId);
    }

    private Checked checkMask(Upload mask, ImageSize imageSize) {
        Checked checked = check(mask);
        if (checked.format() != OutputFormat.PNG || !checked.hasAlpha()) {
            throw invalid(mask.param(), "invalid_mask", "The mask must be a PNG with an alpha channel: transparent pixels mark the area to edit.");
        }
        if (!checked.size().equals(imageSize)) {
            throw invalid(mask.param(), "invalid_mask", "The mask is " + checked.size() + " but the image is " + imageSize
                    + "; they must be the same size.");
        }
        return checked;
    }

    private Checked check(Upload upload) {
        if (upload.bytes().length > maxBytes) {
            throw new BodyTooLargeException(upload.param(), "'" + upload.param() + "' is " + upload.bytes().length
                    + " bytes; the limit is " + maxBytes + ".");
        }
        OutputFormat format = sniff(upload.bytes()).orElseThrow(() -> invalid(upload.param(), "invalid_image_format",
                "Invalid file '" + upload.param() + "': unsupported image format. Supported formats are PNG, JPEG and WebP."));
        ImageSize size = dimensions(upload, format);
        if (size.pixels() > maxPixels) {
            throw invalid(upload.param(), "image_too_large", "'" + upload.param() + "' is " + size + ", more than "
                    + maxPixels + " pixels.");
        }
        BufferedImage decoded = decode(upload);
        return new Checked(upload, format, size, decoded.getColorModel().hasAlpha());
    }

    private String save(Checked checked, java.time.Duration lifetime) {
        String id = Ids.newInputImageId(checked.format());
        if (lifetime == null) {
            store.put(id, checked.upload().bytes());
        } else {
            store.put(id, checked.upload().bytes(), lifetime);
        }
        return id;
    }

    static Optional<OutputFormat> sniff(byte[] bytes) {
        if (bytes.length >= 8 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
            return Optional.of(OutputFormat.PNG);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xD8 && (bytes[2] & 0xff) == 0xFF) {
            return Optional.of(OutputFormat.JPEG);
        }
        if (bytes.length >= 12 && new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                && new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WEBP")) {
            return Optional.of(OutputFormat.WEBP);
        }
        return Optional.empty();
    }

    private static ImageSize dimensions(Upload upload, OutputFormat format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload.bytes()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
            if (in == null || !readers.hasNext()) {
                throw undecodable(upload);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw undecodable(upload);
        }
    }

    private static BufferedImage decode(Upload upload) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(upload.bytes()));
            if (image == null) {
                throw undecodable(upload);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw undecodable(upload);
        }
    }

    private static ApiException undecodable(Upload upload) {
        return invalid(upload.param(), "invalid_image", "Invalid file '" + upload.param() + "': the image could not be decoded.");
    }

    static ApiException invalid(String param, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, code, message);
    }

    /**
     * @param images ids of the stored input images, in order
     * @param mask   id of the stored mask, or null
     */
    record StoredInputs(List<String> images, String mask) {
    }

    private record Checked(Upload upload, OutputFormat format, ImageSize size, boolean hasAlpha) {
    }
}
