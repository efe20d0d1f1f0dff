package io.darkroom.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written whole or not at all: the bytes go to a temporary file beside the target, which is then renamed over
 * it. A command stopped half-way (Ctrl-C) leaves the old file or the new one, never a truncated one; the leftover
 * temporary file is removed by {@link #removeLeftovers(Path)}.
 */
public final class AtomicFiles {

    private static final String TEMPORARY_PREFIX = ".darkroom-";
    private static final String TEMPORARY_SUFFIX = ".part";

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target}, replacing it; the folder must exist. */
    public static void write(Path target, byte[] bytes) {
        Path folder = target.toAbsolutePath().getParent();
        try {
            Path temporary = Files.createTempFile(folder, TEMPORARY_PREFIX, TEMPORARY_SUFFIX);
            try {
                Files.write(temporary, bytes);
                move(temporary, target);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Removes the temporary files a stopped write left in {@code folder}. */
    public static void removeLeftovers(Path folder) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, TEMPORARY_PREFIX + "*" + TEMPORARY_SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
