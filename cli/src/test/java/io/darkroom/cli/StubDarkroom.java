package io.darkroom.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A local HTTP server answering each path as told, and remembering what it was sent, in order: for client tests. */
public final class StubDarkroom implements AutoCloseable {

    /** One request as received; {@code query} is null when there was none. */
    public record Received(String method, String path, String query, String authorization, String contentType, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One answer. */
    public record Reply(int status, String contentType, byte[] body) {

        public static Reply json(int status, String json) {
            return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    public final List<Received> received = new CopyOnWriteArrayList<>();

    public StubDarkroom() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.start();
    }

    /** Answers {@code path} (and anything under it that has no answer of its own) with {@code status} and {@code body}. */
    public StubDarkroom answer(String path, int status, String contentType, byte[] body) {
        return answer(path, request -> new Reply(status, contentType, body));
    }

    public StubDarkroom answerJson(String path, int status, String json) {
        return answer(path, request -> Reply.json(status, json));
    }

    /** Answers {@code path} (and anything under it that has no answer of its own) with what {@code reply} makes of each request. */
    public StubDarkroom answer(String path, Function<Received, Reply> reply) {
        server.createContext(path, exchange -> {
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestBody().readAllBytes());
            received.add(request);
            Reply answer;
            try {
                answer = reply.apply(request);
            } catch (RuntimeException e) {
                answer = Reply.json(500, "{\"error\": {\"message\": \"the stub failed: " + e.getClass().getSimpleName() + "\"}}");
            }
            respond(exchange, answer.status(), answer.contentType(), answer.body());
        });
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
