package io.darkroom.model;

/**
 * One stored image of a job's result.
 *
 * @param imageId the unguessable id its bytes are stored and served under; ends in its format's extension
 * @param format  its encoding
 * @param width   pixels
 * @param height  pixels
 * @param bytes   the encoded length
 */
public record GeneratedImage(String imageId, OutputFormat format, int width, int height, long bytes) {
}
