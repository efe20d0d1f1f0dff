package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The README's code examples, run as written against a real Darkroom (decision 036): curl examples by bash,
 * Python ones by python3 with the {@code openai} package, Node ones by node with the {@code openai} npm package.
 * Only the api's address is changed ({@code 127.0.0.1:8080} and {@code localhost:8080} become this Darkroom's);
 * the Darkroom runs with the README's development key. An example that cannot run here says so in the README, by
 * {@code <!-- not run: reason -->} on the line before its fence; {@code json} and unlabelled blocks are output
 * and listings, not examples. Node and Python examples are skipped only when the tool or its package is missing.
 */
class ReadmeExamplesIntegrationTests {

    static final String README_KEY = "dr_dev_local_only_do_not_use_in_production";
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!-- not run: (.+\\S) -->$");
    private static final Pattern PNG_NAMED = Pattern.compile("[\"']([\\w./-]+\\.png)[\"']");
    private static final Set<String> TEXT = Set.of("", "json");
    private static final Set<String> SHELL = Set.of("sh", "bash");
    private static final Set<String> PYTHON = Set.of("python");
    private static final Set<String> NODE = Set.of("js", "javascript");
    private static final Path WORK = Path.of("target").toAbsolutePath();

    private static Darkroom darkroom;
    private static List<Example> examples;
    private static Installed python;
    private static Installed node;

    /** A fenced block of the README: its language, the line of its opening fence, its text and its not-run reason. */
    record Example(String language, int line, String code, String notRun) {

        String name() {
            return "README.md line " + line + " (```" + language + ")";
        }
    }

    /** Whether a tool and its SDK are ready, and if not, why. */
    record Installed(boolean ready, String reason) {
    }

    /** What a process did. */
    record Run(int exit, String out, String err) {

        String describe() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        examples = parse(Files.readAllLines(readme(), StandardCharsets.UTF_8));
        darkroom = Darkroom.isolated(Map.of("darkroom.api.dev-key", README_KEY));
        for (int i = 0; i < 3; i++) {
            // Jobs for the listing examples to page through, as a user of ./darkroom start would have made.
            assertThat(darkroom.post("/v1/images/generations", "{\"model\": \"local/fast\", \"prompt\": \"job " + i
                    + "\", \"size\": \"256x256\"}", Darkroom.auth(README_KEY)).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (darkroom != null) {
            darkroom.close();
        }
    }

    @Test
    void everyExampleInTheReadmeIsRunOrMarkedNotRunWithAReason() {
        List<String> unrunnable = examples.stream().filter(example -> example.notRun() == null)
                .filter(example -> !TEXT.contains(example.language()) && !PYTHON.contains(example.language())
                        && !NODE.contains(example.language())
                        && !(SHELL.contains(example.language()) && example.code().contains("curl")))
                .map(Example::name).toList();
        examples.stream().filter(example -> example.notRun() != null)
                .forEach(example -> System.out.println("Not run: " + example.name() + ": " + example.notRun()));

        assertThat(unrunnable).as("examples this test cannot run: mark each <!-- not run: reason --> or make it runnable")
                .isEmpty();
        assertThat(runnable(SHELL)).as("curl examples").isNotEmpty();
        assertThat(runnable(PYTHON)).as("Python examples").isNotEmpty();
        assertThat(runnable(NODE)).as("Node examples").isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> curlExamplesRunAsWrittenAndAnswerWithJson() {
        return runnable(SHELL).stream().filter(example -> example.code().contains("curl")).map(example -> DynamicTest.dynamicTest(
                example.name() + " runs and every curl in it answers 2xx with JSON", () -> {
                    Path dir = Files.createDirectories(WORK.resolve("readme-curl/line-" + example.line()));
                    // curl reads $CURL_HOME/.curlrc: an HTTP error then fails the example (exit 22) instead of printing it.
                    Files.writeString(dir.resolve(".curlrc"), "fail-with-body\nsilent\nshow-error\n");
                    Run run = run(dir, Map.of("CURL_HOME", dir.toString()), 60, "bash", "-euo", "pipefail", "-c",
                            rewritten(example.code()));

                    assertThat(run.exit()).as(example.name() + ": " + run.describe()).isZero();
                    assertThat(run.out()).as(example.name() + " prints JSON: " + run.describe()).containsPattern("\\{\\s*\"");
                    if (example.code().contains("/v1/images/generations") && !example.code().contains("respond-async")) {
                        assertThat(run.out()).as(example.name() + " prints the images: " + run.describe()).contains("\"data\"");
                    }
                    if (example.code().contains("Idempotency-Key")) {
                        Run again = run(dir, Map.of("CURL_HOME", dir.toString()), 60, "bash", "-euo", "pipefail", "-c",
                                rewritten(example.code()));
                        assertThat(again.out()).as(example.name() + " run a second time is a replay: " + again.describe())
                                .containsIgnoringCase("Idempotent-Replayed: true");
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> pythonExamplesRunWithTheOpenAiPackageAndWriteTheImagesTheyName() {
        return sdkExamples(PYTHON, "the openai package", ReadmeExamplesIntegrationTests::python, (example, dir) -> {
            Path script = dir.resolve("example.py");
            Files.writeString(script, rewritten(example.code()));
            return run(dir, Map.of("PYTHONPATH", WORK.resolve("readme-python").toString()), 90, "python3", script.toString());
        });
    }

    @TestFactory
    Stream<DynamicTest> nodeExamplesRunWithTheOpenAiPackageAndWriteTheImagesTheyName() {
        return sdkExamples(NODE, "the openai npm package", ReadmeExamplesIntegrationTests::node, (example, dir) -> {
            // The script lives beside node_modules (so that "openai" resolves); it runs in a directory of its own.
            Path script = WORK.resolve("readme-node/example-line-" + example.line() + ".mjs");
            Files.writeString(script, rewritten(example.code()));
            return run(dir, Map.of(), 90, "node", script.toString());
        });
    }

    /** Runs an example in a fresh directory of its own. */
    interface ExampleRunner {
        Run run(Example example, Path dir) throws IOException;
    }

    private static Stream<DynamicTest> sdkExamples(Set<String> languages, String sdk, Supplier<Installed> install,
            ExampleRunner runner) {
        return runnable(languages).stream().map(example -> DynamicTest.dynamicTest(
                example.name() + " runs with " + sdk + " and writes the PNG it names", () -> {
                    Installed installed = install.get();
                    assumeTrue(installed.ready(), installed.reason());
                    Path dir = fresh(WORK.resolve("readme-run/line-" + example.line()));
                    Run run = runner.run(example, dir);

                    assertThat(run.exit()).as(example.name() + ": " + run.describe()).isZero();
                    assertWritesThePngsItNames(example, dir, run);
                }));
    }

    private static void assertWritesThePngsItNames(Example example, Path dir, Run run) throws IOException {
        Matcher named = PNG_NAMED.matcher(example.code());
        while (named.find()) {
            Path png = dir.resolve(named.group(1));
            assertThat(png).as(example.name() + " writes " + named.group(1) + ": " + run.describe()).exists();
            byte[] bytes = Files.readAllBytes(png);
            assertThat(Arrays.copyOf(bytes, 8)).as(example.name() + ": " + named.group(1) + " is a PNG")
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            assertThat(Images.decode(bytes).getWidth()).as(example.name() + ": " + named.group(1) + " decodes").isPositive();
        }
    }

    /** The example with only the api's address changed. */
    private static String rewritten(String code) {
        String address = darkroom.baseUrl().substring("http://".length());
        return code.replace("127.0.0.1:8080", address).replace("localhost:8080", address);
    }

    private static List<Example> runnable(Set<String> languages) {
        return examples.stream().filter(example -> example.notRun() == null && languages.contains(example.language())).toList();
    }

    static List<Example> parse(List<String> lines) {
        List<Example> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            Matcher marker = i > 0 ? NOT_RUN.matcher(lines.get(i - 1).strip()) : NOT_RUN.matcher("");
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            found.add(new Example(fence.group(1), start + 1, code.toString(), marker.matches() ? marker.group(1) : null));
        }
        return found;
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("darkroom"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }

    /** python3 with {@code openai} installed by pip into target/readme-python, once per class. */
    private static synchronized Installed python() {
        if (python == null) {
            python = install("python3", WORK.resolve("readme-python"), "openai", target -> List.of("python3", "-m", "pip",
                    "install", "-q", "--disable-pip-version-check", "--retries", "1", "--timeout", "10", "--target",
                    target.toString(), "openai"));
        }
        return python;
    }

    /** node with the {@code openai} npm package installed into target/readme-node, once per class. */
    private static synchronized Installed node() {
        if (node == null) {
            node = install("node", WORK.resolve("readme-node"), "node_modules/openai", target -> {
                try {
                    Files.writeString(target.resolve("package.json"), "{\"private\": true}\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "openai");
            });
        }
        return node;
    }

    private static Installed install(String tool, Path target, String installedMarker,
            java.util.function.Function<Path, List<String>> installCommand) {
        try {
            if (run(WORK, Map.of(), 10, tool, "--version").exit() != 0) {
                return skipped(tool + " does not run here");
            }
        } catch (IOException e) {
            return skipped(tool + " is not installed: " + e.getMessage());
        }
        try {
            Files.createDirectories(target);
            if (Files.exists(target.resolve(installedMarker))) {
                return new Installed(true, "installed before");
            }
            Run run = run(target, Map.of(), 170, installCommand.apply(target).toArray(String[]::new));
            return run.exit() == 0 ? new Installed(true, "installed")
                    : skipped("the openai package for " + tool + " could not be installed: " + run.describe());
        } catch (IOException e) {
            return skipped("the openai package for " + tool + " could not be installed: " + e);
        }
    }

    private static Installed skipped(String reason) {
        System.out.println("ReadmeExamplesIntegrationTests: skipping: " + reason);
        return new Installed(false, reason);
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static Run run(Path dir, Map<String, String> env, int timeoutSeconds, String... command) throws IOException {
        Path out = Files.createTempFile("readme-example", ".out");
        Path err = Files.createTempFile("readme-example", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            return new Run(finished ? process.exitValue() : -1, Files.readString(out),
                    (finished ? "" : "timed out after " + timeoutSeconds + " s\n") + Files.readString(err));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
