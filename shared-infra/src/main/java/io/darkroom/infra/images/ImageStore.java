package io.darkroom.infra.images;

import java.util.Optional;

/**
 * Image bytes by unguessable id, each kept for the configured lifetime and then gone. Redis holds them
 * by default; an object store can stand behind the same contract at volume.
 */
public interface ImageStore {

    /** Stores {@code bytes} under {@code imageId}, to expire after the configured lifetime. */
    void put(String imageId, byte[] bytes);

    /** The bytes, or empty once expired or never stored. */
    Optional<byte[]> get(String imageId);
}
