package io.darkroom.worker.provider;

import io.darkroom.model.ValidatedImageRequest;

/**
 * One upstream (or the built-in local renderer) that turns a validated request into images.
 *
 * <p>Implementations are called from many threads at once and must be thread-safe. They block until
 * the images are in hand (downloading any provider URLs at once, since those expire) and classify every
 * failure as a {@link ProviderException}.
 */
public interface ImageProvider {

    /** The provider's name as the catalog and queue names use it, for example {@code local}. */
    String name();

    /**
     * Generates (or, for a request with input images, edits) the images the request asks for.
     *
     * @param request a request validated against the catalog, every default filled in
     * @param context the request's input images, and where to hand partial renders when it streams
     * @return exactly {@code request.n()} images
     * @throws ProviderException when the provider refused or failed
     */
    ProviderResult generate(ValidatedImageRequest request, GenerationContext context);
}
