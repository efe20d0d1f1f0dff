package io.darkroom.api.jobs;

import io.darkroom.api.ApiProperties;
import io.darkroom.model.GeneratedImage;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Builds the public URL a stored image is served at: {@code <base>/hosted/<image id>}. */
@Component
public class HostedImages {

    /** The path prefix the hosted-image endpoint serves; it needs no API key. */
    public static final String PATH = "/hosted/";

    private final String configuredBase;

    HostedImages(ApiProperties properties) {
        this.configuredBase = properties.publicBaseUrl().replaceAll("/+$", "");
    }

    /** The URL of {@code image}; call while serving a request when no public base URL is configured. */
    public String urlOf(GeneratedImage image) {
        String base = configuredBase.isEmpty()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : configuredBase;
        return base + PATH + image.imageId();
    }
}
