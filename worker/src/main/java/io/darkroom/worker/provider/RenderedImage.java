package io.darkroom.worker.provider;

import io.darkroom.model.OutputFormat;

/**
 * One encoded image as a provider returned it.
 *
 * @param bytes  the encoded file
 * @param format its encoding
 * @param width  pixels
 * @param height pixels
 */
public record RenderedImage(byte[] bytes, OutputFormat format, int width, int height) {
}
