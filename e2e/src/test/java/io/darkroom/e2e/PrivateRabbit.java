package io.darkroom.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A RabbitMQ node of the test's own (its own node name, ports, data and config in a temporary directory),
 * so a test may stop, restart or block it without touching the shared broker. Its data survive a restart.
 */
final class PrivateRabbit implements AutoCloseable {

    final int port;
    private final String node = "darkroom-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private final Path dir;
    private final int distributionPort;
    private Process process;

    PrivateRabbit() throws IOException, InterruptedException {
        this("", "");
    }

    /**
     * A node with settings of its own.
     *
     * @param config   extra {@code rabbitmq.conf} lines (e.g. {@code consumer_timeout = 2000})
     * @param advanced an {@code advanced.config} term (e.g. a short {@code channel_tick_interval}), or empty
     */
    PrivateRabbit(String config, String advanced) throws IOException, InterruptedException {
        port = freePort();
        distributionPort = freePort();
        dir = Files.createTempDirectory("darkroom-rabbit-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + port + "\nloopback_users = none\n" + config + "\n");
        Files.writeString(dir.resolve("advanced.config"), advanced.isBlank() ? "[]." : advanced);
        Files.writeString(dir.resolve("plugins"), "");
        start();
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/rabbitmq-server")) && Files.isExecutable(Path.of("/usr/sbin/rabbitmqctl"));
    }

    void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("rabbitmq-server")).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(settings());
        process = builder.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::listening);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("The private RabbitMQ did not start:\n" + Files.readString(dir.resolve("out.log")), e);
        }
    }

    /** Stops the node as an operator would (its durable data stay). */
    void stop() throws IOException, InterruptedException {
        ctl("stop");
        process.waitFor(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> !listening());
    }

    /** Blocks (or unblocks) every publisher, as a memory alarm does: publishes get no confirm. */
    void blockPublishers(boolean blocked) throws IOException, InterruptedException {
        ctl("set_vm_memory_high_watermark", blocked ? "0" : "0.4");
    }

    private void ctl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-n", node));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(settings());
        builder.start().waitFor(60, TimeUnit.SECONDS);
    }

    private Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        env.put("RABBITMQ_NODENAME", node);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("plugins").toString());
        env.put("RABBITMQ_FEATURE_FLAGS_FILE", dir.resolve("feature_flags").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        return env;
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (listening()) {
            stop();
        }
        process.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
