package io.darkroom.worker.provider.local;

import io.darkroom.model.ImageSize;

/**
 * What one landscape shows.
 *
 * @param size        pixels
 * @param seed        the random stream's seed, mixed with the prompt
 * @param prompt      the prompt, which picks the palette together with the seed
 * @param detail      noise octaves of each ridge line (more is rougher)
 * @param transparent leave the sky fully transparent, painting only sun and land
 * @param ridges      how many of the ridges to paint, far to near (fewer for a partial render)
 * @param natural     muted colours ({@code style: natural}) rather than vivid ones
 */
record Scene(ImageSize size, long seed, String prompt, int detail, boolean transparent, int ridges, boolean natural) {
}
