package io.darkroom.cli.batch;

import io.darkroom.cli.StubDarkroom;
import io.darkroom.cli.StubDarkroom.Received;
import io.darkroom.cli.StubDarkroom.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Darkroom that runs one batch, {@value #BATCH_ID}, by script, speaking the Batch API's wire format: each
 * {@code GET /v1/batches/batch_1} answers the next {@link Step} (the last one repeats), and the lines a step finishes
 * become readable from {@code GET /v1/batches/batch_1/results}, one row a page, in the order they finished. Once the
 * batch is {@code completed} its output and error files hold every line's row. Images are served from
 * {@code /hosted/<custom_id>.png}; a line told {@link Line#GONE} answers 404 there.
 */
final class ScriptedDarkroom implements AutoCloseable {

    static final String BATCH_ID = "batch_1";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};

    /** What becomes of a line. */
    enum Line {
        /** It succeeds, and its image can be downloaded. */
        SUCCEEDS,
        /** It succeeds, but its hosted image is gone (404). */
        GONE,
        /** Its request fails with a server error. */
        FAILS
    }

    /**
     * One answer of {@code GET /v1/batches/batch_1}.
     *
     * @param status    the batch's status, or {@code null} to answer 401 (a run that stops there)
     * @param finishing the lines that finish with this poll
     */
    record Step(String status, List<String> finishing) {

        static Step of(String status, String... finishing) {
            return new Step(status, List.of(finishing));
        }

        static Step unauthorized() {
            return new Step(null, List.of());
        }
    }

    final StubDarkroom stub = new StubDarkroom();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<String> finished = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile String uploaded = "";
    private volatile boolean withResults = true;
    private volatile ObjectNode refusal;
    private volatile IntConsumer onPoll = poll -> { };

    ScriptedDarkroom() {
        stub.answer("/v1/files", this::upload).answer("/v1/files/", this::fileContent).answer("/v1/batches", this::batches)
                .answer("/v1/batches/" + BATCH_ID, request -> poll())
                .answer("/v1/batches/" + BATCH_ID + "/results", this::results)
                .answer("/hosted/", this::image);
    }

    ScriptedDarkroom line(String customId, Line outcome) {
        lines.put(customId, outcome);
        return this;
    }

    ScriptedDarkroom steps(Step... script) {
        steps.addAll(List.of(script));
        return this;
    }

    /** Answers {@code /results} with 404, as a Darkroom from before the call did. */
    ScriptedDarkroom withoutResults() {
        withResults = false;
        return this;
    }

    /** Makes a {@code failed} step refuse the batch's {@code line}-th line for its {@code param}. */
    ScriptedDarkroom refusing(int line, String customId, String param, String message) {
        refusal = json.createObjectNode();
        refusal.putArray("data").addObject().put("line", line).put("custom_id", customId).put("param", param).put("code", "invalid_value")
                .put("message", message);
        return this;
    }

    /** Runs {@code hook} with the poll's number (1 for the first) before answering it, the client waiting meanwhile. */
    ScriptedDarkroom onPoll(IntConsumer hook) {
        onPoll = hook;
        return this;
    }

    String baseUrl() {
        return stub.baseUrl();
    }

    /** How many requests were received that {@code matching} accepts. */
    long count(Predicate<Received> matching) {
        return stub.received.stream().filter(matching).count();
    }

    /** The index of the first received request that {@code matching} accepts, or -1. */
    int firstIndex(Predicate<Received> matching) {
        for (int index = 0; index < stub.received.size(); index++) {
            if (matching.test(stub.received.get(index))) {
                return index;
            }
        }
        return -1;
    }

    /** The index of the {@code n}-th poll of the batch (1 for the first), or -1. */
    int pollIndex(int n) {
        int seen = 0;
        for (int index = 0; index < stub.received.size(); index++) {
            if (isPoll(stub.received.get(index)) && ++seen == n) {
                return index;
            }
        }
        return -1;
    }

    static boolean isPoll(Received request) {
        return request.path().equals("/v1/batches/" + BATCH_ID);
    }

    static boolean isResults(Received request) {
        return request.path().endsWith("/results");
    }

    static Predicate<Received> imageOf(String customId) {
        return request -> request.path().equals("/hosted/" + customId + ".png");
    }

    private Reply upload(Received request) {
        uploaded = String.join("\n", request.text().lines().filter(line -> line.startsWith("{")).toList()) + "\n";
        return Reply.json(200, "{\"id\": \"file-in\", \"object\": \"file\", \"purpose\": \"batch\"}");
    }

    private Reply fileContent(Received request) {
        String content = switch (request.path()) {
            case "/v1/files/file-in/content" -> uploaded;
            case "/v1/files/file-out/content" -> rows(line -> line != Line.FAILS);
            case "/v1/files/file-err/content" -> rows(line -> line == Line.FAILS);
            default -> null;
        };
        return content == null ? Reply.json(404, "{\"error\": {\"message\": \"No such file\"}}")
                : new Reply(200, "application/jsonl", content.getBytes(StandardCharsets.UTF_8));
    }

    private Reply batches(Received request) {
        return "POST".equals(request.method()) ? Reply.json(200, batch("validating"))
                : Reply.json(200, "{\"object\": \"list\", \"data\": [], \"has_more\": false}");
    }

    private Reply poll() {
        int poll = polls.incrementAndGet();
        onPoll.accept(poll);
        Step step = steps.get(Math.min(poll, steps.size()) - 1);
        if (step.status() == null) {
            return Reply.json(401, "{\"error\": {\"message\": \"Incorrect API key provided.\", \"type\": \"invalid_request_error\","
                    + " \"code\": \"invalid_api_key\"}}");
        }
        step.finishing().stream().filter(customId -> !finished.contains(customId)).forEach(finished::add);
        return Reply.json(200, batch(step.status()));
    }

    private Reply results(Received request) {
        if (!withResults) {
            return Reply.json(404, "{\"error\": {\"message\": \"Unknown request URL: GET /v1/batches/batch_1/results.\","
                    + " \"type\": \"invalid_request_error\", \"code\": \"unknown_url\"}}");
        }
        String after = query(request, "after");
        int from = after == null ? 0 : Integer.parseInt(after.substring(1));
        int to = Math.min(from + 1, finished.size());
        ObjectNode page = json.createObjectNode().put("object", "list");
        ArrayNode data = page.putArray("data");
        finished.subList(from, to).forEach(customId -> data.add(json.readTree(row(customId))));
        return Reply.json(200, json.writeValueAsString(page.put("has_more", to < finished.size()).put("next_cursor", "c" + to)));
    }

    private Reply image(Received request) {
        String customId = request.path().substring("/hosted/".length()).replaceFirst("\\.png$", "");
        return lines.get(customId) == Line.GONE ? Reply.json(404, "{\"error\": {\"message\": \"Image expired\"}}")
                : new Reply(200, "image/png", PNG);
    }

    private String batch(String status) {
        boolean completed = "completed".equals(status);
        ObjectNode batch = json.createObjectNode().put("id", BATCH_ID).put("object", "batch").put("endpoint", "/v1/images/generations")
                .put("status", status).put("input_file_id", "file-in").put("created_at", Instant.now().getEpochSecond())
                .put("output_file_id", completed ? "file-out" : null).put("error_file_id", completed ? "file-err" : null);
        long failed = finished.stream().filter(customId -> lines.get(customId) == Line.FAILS).count();
        batch.putObject("request_counts").put("total", "validating".equals(status) ? 0 : lines.size())
                .put("completed", finished.size() - failed).put("failed", failed);
        batch.set("errors", "failed".equals(status) ? refusal : null);
        return json.writeValueAsString(batch);
    }

    private String rows(Predicate<Line> kept) {
        StringBuilder file = new StringBuilder();
        lines.forEach((customId, line) -> {
            if (kept.test(line)) {
                file.append(row(customId)).append('\n');
            }
        });
        return file.toString();
    }

    /** The line's row, exactly as the output or error file holds it. */
    private String row(String customId) {
        ObjectNode row = json.createObjectNode().put("id", "batch_req_" + customId).put("custom_id", customId);
        ObjectNode response = row.putObject("response").put("request_id", "job_" + customId);
        if (lines.get(customId) == Line.FAILS) {
            response.put("status_code", 500).putObject("body").putObject("error").put("message", "The provider failed.")
                    .put("type", "server_error").put("code", "provider_error");
        } else {
            response.put("status_code", 200).putObject("body").put("created", 1).putArray("data").addObject()
                    .put("url", baseUrl() + "/hosted/" + customId + ".png");
        }
        row.putNull("error");
        return json.writeValueAsString(row);
    }

    private static String query(Received request, String name) {
        if (request.query() == null) {
            return null;
        }
        for (String pair : request.query().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        stub.close();
    }
}
