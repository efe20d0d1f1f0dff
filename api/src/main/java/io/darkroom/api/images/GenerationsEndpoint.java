package io.darkroom.api.images;

import io.darkroom.model.ImageRequest;
import io.darkroom.model.ValidatedImageRequest;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /v1/images/generations}: a {@link GenerationBody}, no input images. */
@Component
public final class GenerationsEndpoint implements ImageEndpoint {

    /** The path, a constant so that the controller's mapping can name it. */
    public static final String PATH = "/v1/images/generations";

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public CheckedBody check(JsonNode body, JsonMapper json, Function<ImageRequest, ValidatedImageRequest> validator) {
        return new CheckedBody(validator.apply(json.treeToValue(body, GenerationBody.class).toRequest()), List.of(), null);
    }
}
