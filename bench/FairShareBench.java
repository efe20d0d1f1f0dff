import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bulk lane's fair share (issue 13 item 6): how long key B's SMALL-line batch takes on an idle system, then while
 * key A's HUGE-line batch drains, with A on a tier that limits batch lines in flight (standard) and, for contrast,
 * on one that does not (unlimited: every line queued at once). Run by bench/fair-share.sh.
 */
public class FairShareBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private static String api;
    private static String admin;

    public static void main(String[] args) throws Exception {
        api = args[0];
        admin = args[1];
        int huge = Integer.parseInt(args[2]);
        int small = Integer.parseInt(args[3]);
        String b = newKey(args.length > 5 ? args[5] : "standard");
        double idle = finish(b, createBatch(b, "warm", small));
        idle = finish(b, createBatch(b, "idle", small));
        System.out.printf("key B's %d-line batch on an idle system: %.2f s%n", small, idle);
        String[] tiers = args.length > 4 ? args[4].split(",") : new String[] {"standard", "unlimited"};
        for (String tier : tiers) {
            String a = newKey(tier);
            String hugeBatch = createBatch(a, "huge", huge);
            long start = System.nanoTime();
            while (completed(a, hugeBatch) < 200) {
                Thread.sleep(100);
            }
            double warm = (System.nanoTime() - start) / 1e9;
            int alone = completed(a, hugeBatch);
            Thread.sleep(5_000);
            int doneBefore = completed(a, hugeBatch);
            System.out.printf("key A on tier %-9s alone: %.0f lines/s%n", tier, (doneBefore - alone) / 5.0);
            double busy = finish(b, createBatch(b, "busy-" + tier, small));
            int doneAfter = completed(a, hugeBatch);
            System.out.printf("key A on tier %-9s (%,d lines, %d done after %.1f s): key B's %d-line batch took %.2f s = %.1fx idle"
                    + " (A finished %d lines meanwhile)%n", tier, huge, doneBefore, warm, small, busy, busy / idle, doneAfter - doneBefore);
            send(HttpRequest.newBuilder(URI.create(api + "/v1/batches/" + hugeBatch + "/cancel")).header("Authorization", "Bearer " + a)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            while (!status(a, hugeBatch).equals("cancelled")) {
                Thread.sleep(500);
            }
        }
    }

    /** Seconds from now until the batch is completed. */
    private static double finish(String key, String batch) throws Exception {
        long start = System.nanoTime();
        while (!status(key, batch).equals("completed")) {
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static String newKey(String tier) throws Exception {
        return field(send(HttpRequest.newBuilder(URI.create(api + "/admin/keys")).header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\": \"fair-share bench\", \"tier\": \"" + tier + "\"}"))), "secret");
    }

    private static String createBatch(String key, String name, int lines) throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            jsonl.append("{\"custom_id\": \"").append(name).append('-').append(i).append("\", \"method\": \"POST\", \"url\": \"/v1/images/generations\",")
                    .append(" \"body\": {\"model\": \"local/fast\", \"prompt\": \"").append(name).append(' ').append(i).append("\", \"size\": \"256x256\"}}\n");
        }
        String boundary = "bench" + UUID.randomUUID();
        byte[] form = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"lines.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n"
                + jsonl + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        String file = field(send(HttpRequest.newBuilder(URI.create(api + "/v1/files")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(form))), "id");
        return field(send(HttpRequest.newBuilder(URI.create(api + "/v1/batches")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"input_file_id\": \"" + file
                        + "\", \"endpoint\": \"/v1/images/generations\", \"completion_window\": \"24h\"}"))), "id");
    }

    private static String status(String key, String batch) throws Exception {
        return field(batchView(key, batch), "status");
    }

    private static int completed(String key, String batch) throws Exception {
        Matcher matcher = Pattern.compile("\"completed\"\\s*:\\s*(\\d+)").matcher(batchView(key, batch));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static String batchView(String key, String batch) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(api + "/v1/batches/" + batch)).header("Authorization", "Bearer " + key).GET());
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }
}
