package io.darkroom.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every {@code darkroom} command, as documented in {@code --help} and docs/cli.md. */
public final class ExitCodes {

    /** Everything asked for was done. */
    public static final int OK = 0;
    /** The command could not finish: Darkroom unreachable or refusing a call, a file unreadable or unwritable. */
    public static final int FAILED = 1;
    /** The command line was wrong (picocli's usage code), or the output folder belongs to another run still going. */
    public static final int USAGE = 2;
    /** A batch finished, but some of its lines have no image; the others are saved. */
    public static final int SOME_LINES_FAILED = 3;
    /** The input was refused, by the client or by Darkroom's up-front check: nothing was generated, nothing billed. */
    public static final int INPUT_REFUSED = 4;

    /** What each code means, as {@code --help} lists them. */
    static final Map<String, String> DESCRIBED = descriptions();

    private ExitCodes() {
    }

    private static Map<String, String> descriptions() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(Integer.toString(OK), "everything asked for was done");
        codes.put(Integer.toString(FAILED), "Darkroom unreachable or refusing a call, or a file unreadable or unwritable");
        codes.put(Integer.toString(USAGE), "wrong command line, or the output folder belongs to another batch still running");
        codes.put(Integer.toString(SOME_LINES_FAILED), "the batch finished but some lines have no image (the others are saved)");
        codes.put(Integer.toString(INPUT_REFUSED), "the input was refused (bad lines); nothing was generated");
        return Collections.unmodifiableMap(codes);
    }
}
