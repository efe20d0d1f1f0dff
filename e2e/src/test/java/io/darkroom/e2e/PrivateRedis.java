package io.darkroom.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Redis of the test's own, on a free port with AOF ({@code everysec}) in a temporary directory, so a
 * test may kill and restart it without touching the shared one.
 */
final class PrivateRedis implements AutoCloseable {

    final int port;
    private final Path dir;
    private Process process;

    PrivateRedis() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        dir = Files.createTempDirectory("darkroom-redis-");
        start();
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(this::listening);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The private Redis did not start on port " + port, e);
        }
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Whether the append-only files hold {@code text}: what Redis wrote there survives a {@code kill -9} (it
     * is in the file, whether or not it was fsynced yet).
     */
    boolean appendOnlyFileContains(String text) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(path -> path.toString().contains("appendonly")).toList()) {
                if (new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code kill -9}: what was not yet fsynced to the AOF is lost, as in a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
