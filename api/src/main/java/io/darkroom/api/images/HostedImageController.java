package io.darkroom.api.images;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.HostedImages;
import io.darkroom.infra.DarkroomProperties;
import io.darkroom.infra.images.ImageStore;
import io.darkroom.model.OutputFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves stored images at their unguessable URLs until they expire. No API key is needed: like OpenAI's
 * image URLs, the 256-bit id is the credential, and it lives only as long as the image does.
 */
@RestController
class HostedImageController {

    private static final Pattern IMAGE_ID = Pattern.compile("img_[A-Za-z0-9_-]{43}\\.(png|jpeg|webp)");

    private final ImageStore images;
    private final long maxAgeSeconds;

    HostedImageController(ImageStore images, DarkroomProperties properties) {
        this.images = images;
        this.maxAgeSeconds = properties.imageTtl().toSeconds();
    }

    @GetMapping(HostedImages.PATH + "{imageId}")
    ResponseEntity<byte[]> image(@PathVariable String imageId) {
        Matcher matcher = IMAGE_ID.matcher(imageId);
        if (!matcher.matches()) {
            throw gone(imageId);
        }
        byte[] bytes = images.get(imageId).orElseThrow(() -> gone(imageId));
        OutputFormat format = OutputFormat.fromWireName(matcher.group(1)).orElseThrow();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .cacheControl(CacheControl.maxAge(maxAgeSeconds, TimeUnit.SECONDS).cachePrivate())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes);
    }

    private static ApiException gone(String imageId) {
        return new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", null, "image_not_found",
                "No image '" + imageId + "': it never existed or its URL has expired.");
    }
}
