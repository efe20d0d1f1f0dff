package io.darkroom.cli.batch;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the output is a person's terminal, where a redrawn bar makes sense. */
final class Terminal {

    private Terminal() {
    }

    /**
     * True when there is a console that is a terminal and {@code TERM} is not {@code dumb}. On JDK 22+
     * {@code System.console()} exists even when output is redirected, so {@code Console.isTerminal()} decides there;
     * JDK 21 has no such method, and no console when output is redirected.
     */
    static boolean isInteractive() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException jdk21) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
