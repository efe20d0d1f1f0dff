package io.darkroom.api.edits;

/**
 * An input image as received, before it is checked.
 *
 * @param param the parameter it came in, for error messages ({@code image[1]}, {@code images[0].image_url})
 * @param bytes its encoded bytes
 */
record Upload(String param, byte[] bytes) {
}
