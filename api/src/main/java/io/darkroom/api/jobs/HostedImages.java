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
    private final String sharedBase;

    HostedImages(ApiProperties properties, io.darkroom.infra.DarkroomProperties shared) {
        this.configuredBase = properties.publicBaseUrl().replaceAll("/+$", "");
        this.sharedBase = shared.publicBaseUrl().replaceAll("/+$", "");
    }

    /**
     * The URL of {@code image}: under {@code darkroom.api.public-base-url} when set, else under the base the
     * current request came in by, else (no request: the batch sweeper) under {@code darkroom.public-base-url}.
     */
    public String urlOf(GeneratedImage image) {
        String base;
        if (!configuredBase.isEmpty()) {
            base = configuredBase;
        } else if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes() != null) {
            base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        } else {
            base = sharedBase;
        }
        return base + PATH + image.imageId();
    }
}
