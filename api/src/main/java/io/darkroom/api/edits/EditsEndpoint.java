package io.darkroom.api.edits;

import io.darkroom.api.images.ImageEndpoint;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.InvalidRequestException;
import io.darkroom.model.ValidatedImageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/images/edits}. Its JSON body is an {@link EditBody}: images by http(s) URL or data URI,
 * checked in two steps as the controller checks them: the parameters first ({@link #check}, the images
 * standing in the request as their parameter names), then the images, fetched, checked and stored
 * ({@link BatchEdits#load} for a batch line).
 */
@Component
public final class EditsEndpoint implements ImageEndpoint {

    /** The path, a constant so that the controller's mappings can name it. */
    public static final String PATH = "/v1/images/edits";

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public CheckedBody check(JsonNode body, JsonMapper json, Function<ImageRequest, ValidatedImageRequest> validator) {
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
        ValidatedImageRequest request = validator.apply(edit.toRequest().images(params).mask(mask == null ? null : "mask").build());
        return new CheckedBody(request, urls, mask);
    }

    private static String urlOf(String param, EditBody.ImageReference reference) {
        if (reference == null || reference.imageUrl() == null || reference.imageUrl().isBlank()) {
            throw new InvalidRequestException(param + ".image_url", "missing_required_parameter",
                    "Give each image as 'image_url' (an http(s) URL or a data URI).");
        }
        return reference.imageUrl();
    }
}
