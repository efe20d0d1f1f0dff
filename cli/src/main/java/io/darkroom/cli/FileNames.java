package io.darkroom.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Safe, stable file names for what the commands save. */
public final class FileNames {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int MAX_LENGTH = 100;
    /** Names Windows keeps for devices, whatever the extension. */
    private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6",
            "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNames() {
    }

    /**
     * The base name (no extension) of a batch line's image: the {@code custom_id} itself when it is already safe
     * (letters, digits, {@code . _ -}, not starting with a dot or dash, at most 100 characters, no device name);
     * otherwise its safe characters, {@code _} for the others, and 8 hex digits of its SHA-256, so that two ids
     * never share a name and the same id always gets the same one.
     */
    public static String forCustomId(String customId) {
        String safe = UNSAFE.matcher(customId).replaceAll("_");
        if (safe.startsWith(".") || safe.startsWith("-")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.length() > MAX_LENGTH) {
            safe = safe.substring(0, MAX_LENGTH);
        }
        if (safe.isEmpty() || RESERVED.contains(safe.split("\\.", 2)[0].toUpperCase(Locale.ROOT))) {
            safe = "_" + safe;
        }
        return safe.equals(customId) ? safe : safe + "-" + sha256(customId).substring(0, 8);
    }

    /** A short lower-case name from a prompt ({@code a-lighthouse-in-a-storm}), {@code image} when nothing is left. */
    public static String slugOf(String prompt) {
        String slug = prompt.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "image" : slug;
    }

    /** The SHA-256 of a text's UTF-8 bytes, in hex. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of bytes, in hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
