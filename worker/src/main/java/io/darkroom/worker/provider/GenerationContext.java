package io.darkroom.worker.provider;

import java.util.List;
import java.util.Optional;

/** What a provider call needs beyond the request: the input images of an edit, and a sink for partials. */
public interface GenerationContext {

    /** The model's id at this provider (the catalog route's upstream model), for example {@code dall-e-3}. */
    String upstreamModel();

    /**
     * The encoded bytes of the request's input images, in request order; empty for a generation.
     *
     * @throws ProviderException (final, {@code input_expired}) when an input is no longer stored
     */
    List<byte[]> inputImages();

    /** The encoded mask of an edit, if it has one. */
    Optional<byte[]> mask();

    /**
     * Hands over a partial render while the request streams. Providers without partial renders never
     * call it.
     *
     * @param index 0-based, below the request's {@code partial_images}
     */
    void partial(int index, RenderedImage image);
}
