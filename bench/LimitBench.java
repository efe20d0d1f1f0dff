import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the global provider limit with several workers against the provider simulator:
 *  (1) a backlog of N jobs: the most calls the simulator saw at once, and how full the limit was kept;
 *  (2) a bulk backlog of M jobs draining while interactive jobs arrive: the interactive queue wait p50/p99.
 * Run by bench/limit-bench.sh, which starts the simulator, an api and the workers.
 */
public class LimitBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"(job_[^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
    private static final Pattern QUEUE_WAIT = Pattern.compile("\"queue_wait_ms\":([0-9]+)");

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String simulator = args[1];
        String key = args[2];
        int limit = Integer.parseInt(args[3]);
        int backlog = Integer.parseInt(args[4]);
        int bulkBacklog = Integer.parseInt(args[5]);
        int interactive = Integer.parseInt(args[6]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

        System.out.println("== warm-up: 200 jobs (JIT, connections, pools), not measured");
        awaitAll(http, api, key, submit(http, api, key, 200, "interactive"));
        System.out.printf("== (1) backlog of %d jobs, provider limit %d%n", backlog, limit);
        send(http, simulator + "/stats/reset", null, key);
        long start = System.nanoTime();
        List<String> jobs = submit(http, api, key, backlog, "interactive");
        double submitted = (System.nanoTime() - start) / 1e9;
        String whileSubmitting = send(http, simulator + "/stats", null, key).body();
        send(http, simulator + "/stats/reset", null, key);
        awaitAll(http, api, key, jobs);
        double seconds = (System.nanoTime() - start) / 1e9;
        String stats = send(http, simulator + "/stats", null, key).body();
        System.out.printf("submitting the backlog took %.1fs (the api shares the cores); %d calls started meanwhile, mean in flight %.2f of %d%n",
                submitted, number(whileSubmitting, "requests"), number(whileSubmitting, "mean_in_flight_x1000") / 1000.0, limit);
        System.out.println("-- from the moment the whole backlog was queued:");
        long busy = number(stats, "busy_ms");
        long span = number(stats, "span_ms");
        System.out.printf("wall=%.1fs jobs/s=%.1f simulator: max_in_flight=%d (whole run); after queueing: requests=%d busy_ms=%d span_ms=%d%n",
                seconds, backlog / seconds, Math.max(number(whileSubmitting, "max_in_flight"), number(stats, "max_in_flight")),
                number(stats, "requests"), busy, span);
        System.out.printf("utilisation of the limit, first call to last call (tail included) = %.1f%%%n", 100.0 * busy / (limit * (double) span));
        System.out.printf("mean utilisation of the limit while the backlog lasted (first call start to last call start) = %.1f%%%n",
                number(stats, "mean_in_flight_x1000") / 10.0 / limit);

        if (bulkBacklog == 0) {
            return;
        }
        System.out.printf("== (2) bulk backlog of %d draining, %d interactive jobs arriving every 250 ms%n", bulkBacklog, interactive);
        send(http, simulator + "/stats/reset", null, key);
        List<String> bulk = submit(http, api, key, bulkBacklog, "bulk");
        List<String> fast = new ArrayList<>();
        for (int i = 0; i < interactive; i++) {
            fast.addAll(submit(http, api, key, 1, "interactive"));
            Thread.sleep(250);
        }
        awaitAll(http, api, key, fast);
        List<Long> waits = new ArrayList<>();
        for (String id : fast) {
            waits.add(number(send(http, api + "/v1/jobs/" + id, null, key).body(), "queue_wait_ms"));
        }
        Collections.sort(waits);
        int bulkLeft = 0;
        for (String id : bulk.subList(0, Math.min(bulk.size(), 200))) {
            bulkLeft += status(send(http, api + "/v1/jobs/" + id, null, key).body()).equals("succeeded") ? 0 : 1;
        }
        System.out.printf("interactive queue wait ms: p50=%d p99=%d max=%d (of %d); bulk still pending among its first 200: %d%n",
                waits.get(waits.size() / 2), waits.get((int) Math.ceil(waits.size() * 0.99) - 1), waits.getLast(), waits.size(), bulkLeft);
        awaitAll(http, api, key, bulk);
        System.out.printf("bulk backlog drained; simulator max_in_flight=%d%n", number(send(http, simulator + "/stats", null, key).body(), "max_in_flight"));
    }

    private static List<String> submit(HttpClient http, String api, String key, int count, String priority) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(64);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                inFlight.acquire();
                executor.execute(() -> {
                    try {
                        String body = "{\"model\": \"dall-e-2\", \"prompt\": \"bench\", \"size\": \"256x256\", \"priority\": \"" + priority + "\"}";
                        Matcher id = ID.matcher(send(http, api + "/v1/images/generations", body, key).body());
                        if (id.find()) {
                            ids.add(id.group(1));
                        }
                    } catch (Exception e) {
                        System.err.println("submit failed: " + e);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        if (ids.size() != count) {
            throw new IllegalStateException("Only " + ids.size() + " of " + count + " jobs were accepted");
        }
        return ids;
    }

    private static void awaitAll(HttpClient http, String api, String key, List<String> ids) throws Exception {
        for (String id : ids) {
            while (true) {
                String status = status(send(http, api + "/v1/jobs/" + id, null, key, "wait=30").body());
                if (status.equals("succeeded")) {
                    break;
                }
                if (status.equals("failed") || status.equals("canceled")) {
                    throw new IllegalStateException("Job " + id + " ended " + status);
                }
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, String url, String body, String key) throws Exception {
        return send(http, url, body, key, body == null ? null : "respond-async");
    }

    private static HttpResponse<String> send(HttpClient http, String url, String body, String key, String prefer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        } else if (url.endsWith("/reset")) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String status(String job) {
        Matcher matcher = STATUS.matcher(job);
        return matcher.find() ? matcher.group(1) : "unknown";
    }

    private static long number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + field + "\":([0-9]+)").matcher(json);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
