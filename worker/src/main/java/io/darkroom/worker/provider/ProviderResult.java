package io.darkroom.worker.provider;

import java.util.List;

/**
 * What a provider produced.
 *
 * @param images        the encoded images, in order
 * @param revisedPrompt the prompt as the provider rewrote it, or null
 * @param seed          the seed it used, or null when it does not say
 * @param usage         the tokens it billed, for token-priced models; null otherwise
 * @param requestId     the provider's own id of the call, for support tickets; null when it gives none
 */
public record ProviderResult(List<RenderedImage> images, String revisedPrompt, Long seed, io.darkroom.model.Usage usage,
        String requestId) {

    public ProviderResult {
        images = List.copyOf(images);
    }
}
