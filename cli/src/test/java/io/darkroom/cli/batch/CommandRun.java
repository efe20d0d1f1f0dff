package io.darkroom.cli.batch;

import io.darkroom.cli.DarkroomCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code darkroom} command, run in-process against a Darkroom at {@code baseUrl} with a test key: its exit code
 * and what it printed.
 */
record CommandRun(int code, String out, String err) {

    static final String KEY = "dr_secret_key_for_tests";

    static CommandRun against(String baseUrl, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.addAll(List.of("--base-url", baseUrl, "--api-key", KEY));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DarkroomCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(arguments.toArray(String[]::new));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
