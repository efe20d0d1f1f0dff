package io.darkroom.worker.provider;

import java.util.List;

/**
 * What a provider produced.
 *
 * @param images        the encoded images, in order
 * @param revisedPrompt the prompt as the provider rewrote it, or null
 * @param seed          the seed it used, or null when it does not say
 */
public record ProviderResult(List<RenderedImage> images, String revisedPrompt, Long seed) {

    public ProviderResult {
        images = List.copyOf(images);
    }
}
