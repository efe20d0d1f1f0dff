package io.darkroom.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How the simulator behaves; every option is {@code --name value} on the command line or
 * {@code SIMULATOR_NAME} in the environment.
 *
 * @param port            where it listens (0 for any free port)
 * @param latency         how long each generation takes
 * @param jitter          added at random to each latency, up to this much
 * @param errorRate       share of requests answered 500 (0 to 1)
 * @param rateLimitRate   share of requests answered 429 (0 to 1)
 * @param retryAfter      the {@code Retry-After} of a 429; zero sends none
 * @param maxConcurrency  requests in flight beyond this are answered 429 (0 for no limit), like a provider's own limit
 * @param seed            seed of the random choices, for repeatable runs
 * @param imageSize       the size of every image answered ({@code WIDTHxHEIGHT}), or empty for the size asked;
 *                        {@code 1x1} makes a zero-cost upstream for measuring Darkroom's own overhead
 */
public record SimulatorOptions(int port, Duration latency, Duration jitter, double errorRate, double rateLimitRate,
        Duration retryAfter, int maxConcurrency, long seed, String imageSize) {

    public static final SimulatorOptions DEFAULTS = new SimulatorOptions(9090, Duration.ofMillis(200), Duration.ZERO, 0, 0,
            Duration.ofSeconds(1), 0, 42, "");

    /** Options answering images of the size asked. */
    public SimulatorOptions(int port, Duration latency, Duration jitter, double errorRate, double rateLimitRate,
            Duration retryAfter, int maxConcurrency, long seed) {
        this(port, latency, jitter, errorRate, rateLimitRate, retryAfter, maxConcurrency, seed, "");
    }

    public SimulatorOptions {
        imageSize = imageSize == null ? "" : imageSize;
        if (!imageSize.isEmpty() && !imageSize.matches("[1-9][0-9]{0,3}x[1-9][0-9]{0,3}")) {
            throw new IllegalArgumentException("image-size must be WIDTHxHEIGHT (each 1 to 9999), got '" + imageSize + "'");
        }
        if (errorRate < 0 || errorRate > 1 || rateLimitRate < 0 || rateLimitRate > 1 || errorRate + rateLimitRate > 1) {
            throw new IllegalArgumentException("error-rate and rate-limit-rate must be shares from 0 to 1, adding up to at most 1");
        }
    }

    /** Options from {@code --name value} arguments over {@code SIMULATOR_*} environment variables over defaults. */
    public static SimulatorOptions parse(String[] args, Map<String, String> environment) {
        Map<String, String> given = new HashMap<>();
        environment.forEach((key, value) -> {
            if (key.startsWith("SIMULATOR_")) {
                given.put(key.substring("SIMULATOR_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '-'), value);
            }
        });
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value, got '" + args[i] + "'");
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        SimulatorOptions d = DEFAULTS;
        return new SimulatorOptions(
                Integer.parseInt(given.getOrDefault("port", Integer.toString(d.port()))),
                Duration.ofMillis(Long.parseLong(given.getOrDefault("latency-ms", Long.toString(d.latency().toMillis())))),
                Duration.ofMillis(Long.parseLong(given.getOrDefault("jitter-ms", Long.toString(d.jitter().toMillis())))),
                Double.parseDouble(given.getOrDefault("error-rate", Double.toString(d.errorRate()))),
                Double.parseDouble(given.getOrDefault("rate-limit-rate", Double.toString(d.rateLimitRate()))),
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("retry-after-s", Long.toString(d.retryAfter().toSeconds())))),
                Integer.parseInt(given.getOrDefault("max-concurrency", Integer.toString(d.maxConcurrency()))),
                Long.parseLong(given.getOrDefault("seed", Long.toString(d.seed()))),
                given.getOrDefault("image-size", d.imageSize()));
    }
}
