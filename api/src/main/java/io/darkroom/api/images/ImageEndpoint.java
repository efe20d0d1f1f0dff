package io.darkroom.api.images;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.InvalidRequestException;
import io.darkroom.model.ValidatedImageRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One of Darkroom's image endpoints, registered once in {@link ImageEndpoints}: its path, which its
 * controller maps, and how a JSON body of it is read and checked, which every batch line of it shares. A
 * batch resolves its {@code endpoint} to one of these once and reads each of its lines with it.
 */
public interface ImageEndpoint {

    /** The path, for example {@code /v1/images/generations}: the controller's mapping, a batch's {@code endpoint}. */
    String path();

    /**
     * Reads a JSON body of this endpoint and checks it as the endpoint checks it, before any input image is
     * loaded (an edit's images stand in the request as their parameter names until then).
     *
     * @param validator checks the parameters: the validated request, or throws naming the parameter at fault
     * @throws InvalidRequestException naming the parameter at fault (or what {@code validator} throws)
     * @throws tools.jackson.core.JacksonException when the body is not a request of this endpoint
     */
    CheckedBody check(JsonNode body, JsonMapper json, Function<ImageRequest, ValidatedImageRequest> validator);

    /**
     * A body checked as its endpoint checks it.
     *
     * @param request   the validated request; an edit's images named by parameter until they are loaded
     * @param imageUrls an edit's input images, by http(s) URL or data URI, to load; empty for a generation
     * @param maskUrl   an edit's mask, by URL or data URI, or null
     */
    record CheckedBody(ValidatedImageRequest request, List<String> imageUrls, String maskUrl) {

        public CheckedBody {
            Objects.requireNonNull(request, "request");
            imageUrls = List.copyOf(imageUrls);
        }

        /** Whether input images must be loaded and stored before the request can be queued. */
        public boolean hasImagesToLoad() {
            return !imageUrls.isEmpty();
        }
    }
}
