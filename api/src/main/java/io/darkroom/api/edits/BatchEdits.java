package io.darkroom.api.edits;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.InvalidRequestException;
import java.util.function.UnaryOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Edits as lines of a batch: the JSON body of {@code POST /v1/images/edits} (images by URL or data URI),
 * checked in two steps as the single endpoint checks it: the parameters first ({@link #parse}), then the
 * images, fetched, checked and stored for as long as the batch lives ({@link #load}).
 */
@Component
public class BatchEdits {

    private final InputImages inputs;
    private final RemoteImages remote;

    BatchEdits(InputImages inputs, RemoteImages remote) {
        this.inputs = inputs;
        this.remote = remote;
    }

    /**
     * An edit whose parameters were checked, its images not yet loaded.
     *
     * @param request the validated request, its images named by parameter until they are stored
     */
    public record PendingEdit(ImageRequest request, List<String> imageUrls, String maskUrl) {
    }

    /** Why an edit's input image was refused: the parameter (e.g. {@code images[0].image_url}), a code and a message. */
    public record ImageRefused(String param, String code, String message) {
    }

    /**
     * Reads and validates a line's body as {@code POST /v1/images/edits} would, without its images.
     *
     * @param validator checks the request's parameters (see {@code JobSubmission#checkLine})
     * @throws InvalidRequestException naming the parameter at fault
     * @throws tools.jackson.core.JacksonException when the body is not an edit request
     */
    public static PendingEdit parse(JsonNode body, JsonMapper json, UnaryOperator<ImageRequest> validator) {
        EditBody edit = json.treeToValue(body, EditBody.class);
        List<String> urls = new ArrayList<>();
        List<String> params = new ArrayList<>();
        List<EditBody.ImageReference> images = edit.images() == null ? List.of() : edit.images();
        for (int index = 0; index < images.size(); index++) {
            params.add("images[" + index + "]");
            urls.add(urlOf("images[" + index + "]", images.get(index)));
        }
        if (urls.isEmpty()) {
            throw new InvalidRequestException("images", "missing_required_parameter", "Missing required parameter: 'images'.");
        }
        String mask = edit.mask() == null ? null : urlOf("mask", edit.mask());
        ImageRequest request = validator.apply(edit.toRequest().images(params).mask(mask == null ? null : "mask").build());
        return new PendingEdit(request, urls, mask);
    }

    private static String urlOf(String param, EditBody.ImageReference reference) {
        if (reference == null || reference.imageUrl() == null || reference.imageUrl().isBlank()) {
            throw new InvalidRequestException(param + ".image_url", "missing_required_parameter",
                    "Give each image as 'image_url' (an http(s) URL or a data URI).");
        }
        return reference.imageUrl();
    }

    /**
     * Fetches, checks and stores the edit's images, to live {@code lifetime}.
     *
     * @return the request ready to queue, or why an image was refused
     */
    public Result load(PendingEdit edit, Duration lifetime) {
        try {
            List<Upload> images = new ArrayList<>();
            for (int index = 0; index < edit.imageUrls().size(); index++) {
                images.add(remote.load("images[" + index + "].image_url", edit.imageUrls().get(index)));
            }
            Optional<Upload> mask = Optional.ofNullable(edit.maskUrl()).map(url -> remote.load("mask.image_url", url));
            InputImages.StoredInputs stored = inputs.store(images, mask, lifetime);
            return new Result(edit.request().toBuilder().images(stored.images()).mask(stored.mask()).build(), null);
        } catch (ApiException e) {
            return new Result(null, new ImageRefused(e.body().error().param(), e.body().error().code(), e.body().error().message()));
        } catch (BodyTooLargeException e) {
            return new Result(null, new ImageRefused(e.param(), "image_too_large", e.getMessage()));
        }
    }

    /** A loaded edit: the request to queue, or (request null) why its images were refused. */
    public record Result(ImageRequest request, ImageRefused refused) {
    }
}
