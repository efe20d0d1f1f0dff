package io.darkroom.api.images;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.jobs.HostedImages;
import io.darkroom.api.openapi.ErrorResponses;
import io.darkroom.api.openapi.Tags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = Tags.HOSTED_IMAGES)
class HostedImageController {

    private static final Pattern IMAGE_ID = Pattern.compile("img_[A-Za-z0-9_-]{43}\\.(png|jpeg|webp)");

    private final ImageStore images;
    private final long maxAgeSeconds;

    HostedImageController(ImageStore images, DarkroomProperties properties) {
        this.images = images;
        this.maxAgeSeconds = properties.imageTtl().toSeconds();
    }

    @Operation(operationId = "getHostedImage", summary = "Download a result image",
            description = "The image at the URL a response or job gave, until it expires (`darkroom.image-ttl`, 1 h). No key: the URL is the credential.")
    @ApiResponse(responseCode = "200", description = "The image's bytes.", content = {
            @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "image/webp", schema = @Schema(type = "string", format = "binary"))})
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @GetMapping(HostedImages.PATH + "{imageId}")
    ResponseEntity<byte[]> image(@Parameter(example = "img_6p1tkpAZpv0I_Ps-fHmoDde40ebkeJWBtOzrIkTWKX8.png") @PathVariable String imageId) {
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
