import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time from a job's completion to its webhook arriving: submits RATE jobs/s for SECONDS with a webhook_url
 * pointing at its own receiver, then compares each arrival with the job's finished_at (ms, read from Redis).
 * Run by bench/webhook-bench.sh. Arguments: api, key, namespace, rate, seconds[, model (default local/fast)].
 */
public class WebhookBench {

    private static final Pattern JOB_ID = Pattern.compile("\"data\":\\{\"id\":\"(job_[^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String key = args[1];
        String namespace = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String model = args.length > 5 ? args[5] : "local/fast";
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            Matcher id = JOB_ID.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (id.find()) {
                arrivals.putIfAbsent(id.group(1), now);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        int total = rate * seconds;
        long start = System.nanoTime();
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long sleep = (due - System.nanoTime()) / 1_000_000;
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
                senders.execute(() -> {
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/images/generations"))
                                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json").header("Prefer", "respond-async")
                                .POST(HttpRequest.BodyPublishers.ofString(model.startsWith("local/")
                                        ? "{\"model\": \"" + model + "\", \"prompt\": \"hook\", \"size\": \"256x256\", \"output_format\": \"jpeg\","
                                                + " \"webhook_url\": \"" + hook + "\"}"
                                        : "{\"model\": \"" + model + "\", \"prompt\": \"hook\", \"webhook_url\": \"" + hook + "\"}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        Matcher id = Pattern.compile("\"id\":\"(job_[^\"]+)\"").matcher(response.body());
                        if (id.find()) {
                            ids.add(id.group(1));
                        }
                    } catch (Exception e) {
                        System.err.println("submit failed: " + e);
                    }
                });
            }
        }
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (arrivals.size() < ids.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double allSeconds = (System.nanoTime() - start) / 1e9;
        receiver.stop(0);
        Map<String, Long> finished = finishedAt(namespace, ids);
        List<Long> latencies = new ArrayList<>();
        for (String id : ids) {
            Long arrival = arrivals.get(id);
            Long done = finished.get(id);
            if (arrival != null && done != null) {
                latencies.add(arrival - done);
            }
        }
        Collections.sort(latencies);
        System.out.printf("submitted %d jobs in %.1fs (%.0f/s); webhooks received %d; all done after %.1fs%n", ids.size(), submitSeconds,
                ids.size() / submitSeconds, arrivals.size(), allSeconds);
        System.out.printf("completion -> webhook received, ms: p50=%d p90=%d p99=%d max=%d%n", pct(latencies, 50), pct(latencies, 90),
                pct(latencies, 99), latencies.getLast());
    }

    private static Map<String, Long> finishedAt(String namespace, List<String> ids) throws Exception {
        Process cli = new ProcessBuilder("redis-cli").start();
        try (var in = cli.getOutputStream()) {
            for (String id : ids) {
                in.write(("HGET " + namespace + ":job:" + id + " finished_at\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Map<String, Long> finished = new ConcurrentHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            for (String id : ids) {
                String line = out.readLine();
                if (line != null && line.matches("[0-9]+")) {
                    finished.put(id, Long.parseLong(line));
                }
            }
        }
        return finished;
    }

    private static long pct(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
