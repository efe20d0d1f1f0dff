package io.darkroom.api.images;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link ImageEndpoint} of this api, by path: the one place a path names an endpoint. */
@Component
public class ImageEndpoints {

    private final Map<String, ImageEndpoint> byPath;

    /** @throws IllegalStateException when two endpoints claim the same path */
    public ImageEndpoints(List<ImageEndpoint> endpoints) {
        byPath = endpoints.stream().collect(Collectors.toUnmodifiableMap(ImageEndpoint::path, Function.identity(), (one, other) -> {
            throw new IllegalStateException("Two image endpoints claim " + one.path());
        }));
    }

    /** The endpoint at {@code path}; empty for null or any other path. */
    public Optional<ImageEndpoint> find(String path) {
        return Optional.ofNullable(path).map(byPath::get);
    }

    /** Every endpoint's path, sorted. */
    public List<String> paths() {
        return byPath.keySet().stream().sorted().toList();
    }
}
