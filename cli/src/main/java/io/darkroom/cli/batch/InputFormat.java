package io.darkroom.cli.batch;

import java.util.Locale;

/** How an input file is read. {@link #AUTO} goes by the extension, then by the first line. */
enum InputFormat {
    /** By extension ({@code .jsonl}/{@code .ndjson}, {@code .csv}, {@code .txt}); else JSONL when the first line is an object, else text. */
    AUTO,
    /** One JSON object a line: a full batch line {@code {custom_id, method, url, body}} or the body itself. */
    JSONL,
    /** A header row with a {@code prompt} column. */
    CSV,
    /** One prompt a line. */
    TEXT;

    /** The format of a file named {@code fileName} whose first non-blank line is {@code firstLine} (null if none). */
    InputFormat resolve(String fileName, String firstLine) {
        if (this != AUTO) {
            return this;
        }
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".txt") || firstLine == null) {
            return TEXT;
        }
        return firstLine.strip().startsWith("{") ? JSONL : TEXT;
    }
}
