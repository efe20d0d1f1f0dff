package io.darkroom.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A webhook receiver on 127.0.0.1 that records every delivery and answers as scripted (200 once the script runs out). */
final class WebhookReceiver implements AutoCloseable {

    /** One received delivery: headers by lower-case name, and the raw body. */
    record Delivery(Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.get(name).getFirst();
        }
    }

    /** A scripted answer: a status and headers. */
    record Answer(int status, Map<String, String> headers) {
    }

    final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            deliveries.add(new Delivery(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = script.poll();
            if (answer == null) {
                answer = new Answer(200, Map.of());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    WebhookReceiver answering(int status, Map<String, String> headers) {
        script.add(new Answer(status, headers));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
