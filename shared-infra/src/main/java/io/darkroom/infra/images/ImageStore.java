package io.darkroom.infra.images;

import java.time.Duration;
import java.util.Optional;

/**
 * Image bytes by unguessable id, each kept for the configured lifetime and then gone. Redis holds them
 * by default; an object store can stand behind the same contract at volume.
 */
public interface ImageStore {

    /** Stores {@code bytes} under {@code imageId}, to expire after the configured lifetime. */
    void put(String imageId, byte[] bytes);

    /** Stores {@code bytes} under {@code imageId}, to expire after {@code lifetime} (a batch's inputs live as long as the batch). */
    void put(String imageId, byte[] bytes, Duration lifetime);

    /** Makes a stored image live {@code lifetime} from now (a batch line's result lives as long as its batch); nothing if it is gone. */
    void keep(String imageId, Duration lifetime);

    /** The bytes, or empty once expired or never stored. */
    Optional<byte[]> get(String imageId);
}
