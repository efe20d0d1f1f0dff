package io.darkroom.api.edits;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.http.BodyTooLargeException;
import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.InvalidRequestException;
import io.darkroom.model.ValidatedImageRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The images of edits that are lines of a batch: their parameters were checked first
 * ({@link EditsEndpoint#check}); here the images are fetched, checked and stored for as long as the batch
 * lives ({@link #load}).
 */
@Component
public class BatchEdits {

    private final InputImages inputs;
    private final RemoteImages remote;

    BatchEdits(InputImages inputs, RemoteImages remote) {
        this.inputs = inputs;
        this.remote = remote;
    }

    /** Why an edit's input image was refused: the parameter (e.g. {@code images[0].image_url}), a code and a message. */
    public record ImageRefused(String param, String code, String message) {
    }

    /**
     * Fetches, checks and stores the edit's images, to live {@code lifetime}, and validates the request again
     * with the stored images in place of their parameter names.
     *
     * @param validator as {@link EditsEndpoint#check} was given
     * @return the request ready to queue, or why an image was refused
     */
    public Result load(ImageEndpoint.CheckedBody edit, Duration lifetime,
            Function<ImageRequest, ValidatedImageRequest> validator) {
        try {
            List<Upload> images = new ArrayList<>();
            for (int index = 0; index < edit.imageUrls().size(); index++) {
                images.add(remote.load("images[" + index + "].image_url", edit.imageUrls().get(index)));
            }
            Optional<Upload> mask = Optional.ofNullable(edit.maskUrl()).map(url -> remote.load("mask.image_url", url));
            InputImages.StoredInputs stored = inputs.store(images, mask, lifetime);
            ImageRequest ready = edit.request().toImageRequest().toBuilder().images(stored.images()).mask(stored.mask()).build();
            return new Result(validator.apply(ready), null);
        } catch (InvalidRequestException e) {
            return new Result(null, new ImageRefused(e.param(), e.code(), e.getMessage()));
        } catch (ApiException e) {
            return new Result(null, new ImageRefused(e.body().error().param(), e.body().error().code(), e.body().error().message()));
        } catch (BodyTooLargeException e) {
            return new Result(null, new ImageRefused(e.param(), "image_too_large", e.getMessage()));
        }
    }

    /** A loaded edit: the request to queue, or (request null) why its images were refused. */
    public record Result(ValidatedImageRequest request, ImageRefused refused) {
    }
}
