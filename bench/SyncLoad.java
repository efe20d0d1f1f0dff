import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load client for Darkroom's synchronous facade: keeps CONCURRENCY callers each sending
 * POST /v1/images/generations and waiting for the answer, TOTAL requests in all, and prints latency
 * percentiles, outcomes and (given the api's pid) its peak resident memory and OS thread count.
 *
 * Run: java bench/SyncLoad.java --url http://127.0.0.1:8080 --key dr_... --model local/fast \
 *        --concurrency 50 --total 2000 [--size 256x256] [--api-pid 1234]
 */
public class SyncLoad {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = options.getOrDefault("url", "http://127.0.0.1:8080") + "/v1/images/generations";
        String key = options.getOrDefault("key", "dr_dev_local_only_do_not_use_in_production");
        String model = options.getOrDefault("model", "local/fast");
        String size = options.getOrDefault("size", "256x256");
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "50"));
        int total = Integer.parseInt(options.getOrDefault("total", "2000"));
        long apiPid = Long.parseLong(options.getOrDefault("api-pid", "0"));
        String body = "{\"model\": \"" + model + "\", \"prompt\": \"load test\", \"size\": \"" + size + "\"}";

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        ProcessSampler sampler = new ProcessSampler(apiPid);
        Thread samplerThread = Thread.ofPlatform().daemon().start(sampler);

        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                slots.acquire();
                callers.execute(() -> {
                    long sent = System.nanoTime();
                    String outcome;
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofMinutes(5))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        outcome = response.statusCode() == 200 && response.body().contains("\"data\"")
                                ? "200 ok" : response.statusCode() + " " + response.body().substring(0, Math.min(120, response.body().length()));
                    } catch (Exception e) {
                        String message = String.valueOf(e.getMessage());
                        outcome = "exception " + e.getClass().getSimpleName() + ": " + message.substring(0, Math.min(60, message.length()))
                                + " (after " + (System.nanoTime() - sent) / 1_000_000_000 + " s)";
                    } finally {
                        slots.release();
                    }
                    latencies.add((System.nanoTime() - sent) / 1_000_000);
                    outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.stop.set(true);
        samplerThread.join();

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("model=%s size=%s concurrency=%d total=%d%n", model, size, concurrency, total);
        System.out.printf("wall=%.1fs throughput=%.1f req/s%n", seconds, total / seconds);
        System.out.printf("latency_ms p50=%d p90=%d p99=%d max=%d%n", pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.getLast());
        outcomes.forEach((outcome, count) -> System.out.printf("outcome %-40s %d%n", outcome, count.get()));
        if (apiPid > 0) {
            System.out.printf("api peak_rss_mib=%d peak_os_threads=%d (sampled every 100 ms)%n",
                    sampler.peakRssKib / 1024, sampler.peakThreads);
        }
    }

    private static long pct(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** Samples VmRSS and Threads of a process from /proc, keeping the peaks. */
    static final class ProcessSampler implements Runnable {
        final long pid;
        final AtomicBoolean stop = new AtomicBoolean();
        volatile long peakRssKib;
        volatile long peakThreads;

        ProcessSampler(long pid) {
            this.pid = pid;
        }

        @Override
        public void run() {
            Path status = Path.of("/proc/" + pid + "/status");
            while (pid > 0 && !stop.get()) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("VmRSS:")) {
                            peakRssKib = Math.max(peakRssKib, Long.parseLong(line.replaceAll("\\D", "")));
                        } else if (line.startsWith("Threads:")) {
                            peakThreads = Math.max(peakThreads, Long.parseLong(line.replaceAll("\\D", "")));
                        }
                    }
                    Thread.sleep(100);
                } catch (Exception e) {
                    return;
                }
            }
        }
    }
}
