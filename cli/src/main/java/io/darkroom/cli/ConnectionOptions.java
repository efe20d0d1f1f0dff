package io.darkroom.cli;

import java.net.URI;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Where Darkroom is and the key to call it with, shared by every command. The key is read from the option or the
 * environment and sent only in the {@code Authorization} header to the base URL: it is never printed.
 */
public final class ConnectionOptions {

    static final String DEFAULT_BASE_URL = "http://localhost:8080";

    /** The environment, replaceable in tests. */
    UnaryOperator<String> environment = System::getenv;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Darkroom's address (default: $DARKROOM_BASE_URL, else " + DEFAULT_BASE_URL + "). A trailing /v1 is ignored.")
    String baseUrl;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "The API key (default: $DARKROOM_API_KEY, else $OPENAI_API_KEY). Never printed.")
    String apiKey;

    /** The base URL to call: the option, the environment or the default, without a trailing {@code /} or {@code /v1}. */
    public String baseUrl() {
        String url = firstSet(baseUrl, environment.apply("DARKROOM_BASE_URL"), DEFAULT_BASE_URL).strip();
        url = url.replaceAll("/+$", "");
        url = url.endsWith("/v1") ? url.substring(0, url.length() - 3) : url;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(ExitCodes.USAGE, "--base-url '" + url + "' is not a URL.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CommandFailedException(ExitCodes.USAGE, "--base-url '" + url + "' is not an http(s) URL such as "
                    + DEFAULT_BASE_URL + ".");
        }
        return url;
    }

    /** A client of the API, after checking that a key was given. */
    public DarkroomApi connect() {
        String key = firstSet(apiKey, environment.apply("DARKROOM_API_KEY"), environment.apply("OPENAI_API_KEY"));
        if (key == null) {
            throw new CommandFailedException(ExitCodes.USAGE,
                    "No API key: pass --api-key or set DARKROOM_API_KEY (./darkroom start prints the development key).");
        }
        return new DarkroomApi(baseUrl(), key.strip());
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
