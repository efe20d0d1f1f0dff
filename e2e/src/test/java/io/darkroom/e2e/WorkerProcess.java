package io.darkroom.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real worker process (the packaged worker jar in its own JVM), for faults that only a real process
 * shows: {@link #kill()} is {@code kill -9}, not a thread interrupt.
 */
final class WorkerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private WorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The worker jar the reactor packaged before these tests, when there is one. */
    static Path jar() {
        File target = new File("../worker/target");
        File[] jars = target.listFiles((dir, name) -> name.startsWith("worker-") && name.endsWith("-exec.jar"));
        return jars == null || jars.length == 0 ? null : jars[0].toPath();
    }

    static WorkerProcess start(Darkroom darkroom, Map<String, String> settings) throws IOException, InterruptedException {
        return start(darkroom, settings, Map.of());
    }

    /** A worker process with settings over the darkroom's, and environment variables of its own (e.g. LD_PRELOAD). */
    static WorkerProcess start(Darkroom darkroom, Map<String, String> settings, Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-jar", jar().toString()));
        java.util.Arrays.stream(darkroom.commonArguments()).filter(argument -> !argument.startsWith("--server.port="))
                .filter(argument -> settings.keySet().stream().noneMatch(key -> argument.startsWith("--" + key + "=")))
                .forEach(command::add);
        command.add("--server.port=" + port);
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createTempFile("darkroom-worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        WorkerProcess worker = new WorkerProcess(process, port, log);
        try {
            worker.awaitReady(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> ready(http));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The worker process did not become ready:\n" + Files.readString(log), e);
        }
    }

    /**
     * Whether the worker answers its readiness probe with UP.
     *
     * @throws IllegalStateException when the process died (waiting longer would not help)
     */
    private boolean ready(HttpClient http) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("The worker process died at start:\n" + Files.readString(log));
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"");
        } catch (IOException notYet) {
            return false;
        }
    }

    /** {@code kill -9}: no shutdown hook, no drain, no ack. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** {@code kill -STOP}: the process stands still, as in a long GC pause or a frozen VM, until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}: the paused process carries on where it stood. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed with " + exit);
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                resume();
            } catch (IOException | RuntimeException ignored) {
                // killed below either way
            }
            kill();
        }
    }
}
