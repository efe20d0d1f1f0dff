package io.darkroom.api.openapi;

/**
 * The answer to a delete, as OpenAI gives it, for the description ({@code implementation = Deleted.class}).
 *
 * @param id      the deleted object's id
 * @param object  its type: {@code file}, {@code webhook}
 * @param deleted always true
 */
public record Deleted(String id, String object, boolean deleted) {
}
