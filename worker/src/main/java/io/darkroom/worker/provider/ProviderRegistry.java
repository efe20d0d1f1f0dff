package io.darkroom.worker.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Every {@link ImageProvider} bean, by name. */
@Component
public class ProviderRegistry {

    private final Map<String, ImageProvider> providers;

    public ProviderRegistry(List<ImageProvider> providers) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(ImageProvider::name, Function.identity()));
    }

    public Optional<ImageProvider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }
}
