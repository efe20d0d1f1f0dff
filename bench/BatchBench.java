import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LINES-line batch on local/fast: wall time and jobs/s end to end, and the p99 of sync calls made while it
 * runs against the same without a batch. Run by bench/batch-bench.sh.
 */
public class BatchBench {

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String key = args[1];
        int lines = Integer.parseInt(args[2]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        List<Long> quiet = syncCalls(http, api, key, 200, new AtomicBoolean(true));
        System.out.printf("sync local/fast 256x256 without a batch: p50=%d p99=%d ms (%d calls, 2 at a time)%n", pct(quiet, 50), pct(quiet, 99), quiet.size());

        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            jsonl.append("{\"custom_id\": \"line-").append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/images/generations\",")
                    .append(" \"body\": {\"model\": \"local/fast\", \"prompt\": \"batch line ").append(i).append("\", \"size\": \"256x256\"}}\n");
        }
        String boundary = "bench" + UUID.randomUUID();
        byte[] form = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lines.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                + jsonl + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        String file = field(send(http, HttpRequest.newBuilder(URI.create(api + "/v1/files")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(form))), "id");
        long start = System.nanoTime();
        String batch = field(send(http, HttpRequest.newBuilder(URI.create(api + "/v1/batches")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"input_file_id\": \"" + file
                        + "\", \"endpoint\": \"/v1/images/generations\", \"completion_window\": \"24h\"}"))), "id");
        double accepted = (System.nanoTime() - start) / 1e9;
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> busy = Collections.synchronizedList(new ArrayList<>());
        Thread probe = Thread.ofVirtual().start(() -> {
            try {
                busy.addAll(syncCalls(http, api, key, Integer.MAX_VALUE, running));
            } catch (Exception e) {
                System.err.println("sync probe failed: " + e);
            }
        });
        String status = "validating";
        double created = 0;
        while (!status.equals("completed")) {
            Thread.sleep(status.equals("validating") ? 100 : 1_000);
            status = field(send(http, HttpRequest.newBuilder(URI.create(api + "/v1/batches/" + batch)).header("Authorization", "Bearer " + key).GET()), "status");
            if (created == 0 && !status.equals("validating")) {
                created = (System.nanoTime() - start) / 1e9;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        probe.join();
        List<Long> during = new ArrayList<>(busy);
        Collections.sort(during);
        System.out.printf("batch of %d lines: POST answered (validating) in %.2fs, in_progress (validated, every job queued) after %.1fs,"
                + " completed in %.1fs = %.0f jobs/s end to end%n", lines, accepted, created, seconds, lines / seconds);
        System.out.printf("sync calls while it ran: p50=%d p99=%d ms (%d calls, 2 at a time)%n", pct(during, 50), pct(during, 99), during.size());
    }

    private static List<Long> syncCalls(HttpClient http, String api, String key, int count, AtomicBoolean running) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int caller = 0; caller < 2; caller++) {
                callers.execute(() -> {
                    for (int i = 0; i < count / 2 && running.get(); i++) {
                        long start = System.nanoTime();
                        try {
                            send(http, HttpRequest.newBuilder(URI.create(api + "/v1/images/generations")).header("Authorization", "Bearer " + key)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"interactive\", \"size\": \"256x256\"}")));
                            latencies.add((System.nanoTime() - start) / 1_000_000);
                        } catch (Exception e) {
                            System.err.println("sync call failed: " + e);
                        }
                    }
                });
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return sorted;
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static long pct(List<Long> sorted, int percentile) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }
}
