package io.darkroom.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a succeeded job produced.
 *
 * @param images        the stored images, in order
 * @param revisedPrompt the prompt as the provider rewrote it; null when it did not
 * @param seed          the seed the provider used; null when it does not report one
 * @param costUsd       what the job cost, from the catalog's prices
 * @param usage         tokens billed, for models priced by token; null otherwise
 */
public record JobResult(List<GeneratedImage> images, String revisedPrompt, Long seed, BigDecimal costUsd, Usage usage) {

    public JobResult {
        images = List.copyOf(images);
    }
}
