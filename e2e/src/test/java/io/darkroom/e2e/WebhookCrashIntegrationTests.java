package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.ADMIN_TOKEN;
import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A worker killed (kill -9) in the middle of a webhook delivery: the event still arrives, always under one webhook-id. */
class WebhookCrashIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void workerKilledMidDeliveryStillDeliversTheEventUnderOneWebhookId() throws Exception {
        Assumptions.assumeTrue(WorkerProcess.jar() != null, "the worker jar is packaged by 'mvnw verify'");
        List<String> ids = new CopyOnWriteArrayList<>();
        HttpServer slowReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowReceiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        slowReceiver.createContext("/", exchange -> {
            ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.getRequestBody().readAllBytes();
            if (ids.size() == 1) {
                try {
                    // a slow receiver, not a wait for a condition: the worker is killed while this first delivery is
                    // in flight. (Holding it on a latch until the kill instead failed once in CI: the redelivery did
                    // not arrive within 30 s; not yet explained, see the issue notes.)
                    Thread.sleep(2_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slowReceiver.start();
        String url = "http://127.0.0.1:" + slowReceiver.getAddress().getPort() + "/hook";
        darkroom.stopWorker();
        String jobId;
        String doomedOutput;
        try (WorkerProcess doomed = WorkerProcess.start(darkroom, Map.of("darkroom.webhooks.timeout", "10s"))) {
            jobId = darkroom.json(darkroom.post("/v1/images/generations", "{\"prompt\": \"delivered once\", \"size\": \"256x256\", "
                    + "\"webhook_url\": \"" + url + "\"}", auth(DEV_KEY, "Prefer", "respond-async"))).get("id").asString();
            await().atMost(Duration.ofSeconds(15)).until(() -> !ids.isEmpty());
            doomed.kill();
            doomedOutput = doomed.output();
        } finally {
            darkroom.startWorker();
        }

        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 2);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The event was not delivered again after the kill. The job: " + darkroom.get("/v1/jobs/" + jobId,
                    auth(DEV_KEY)).body() + "\nParked messages: " + darkroom.get("/admin/parking", auth(ADMIN_TOKEN)).body()
                    + "\nThe killed worker's log:\n" + doomedOutput, e);
        }
        slowReceiver.stop(0);
        assertThat(ids).as("possibly more than once, never two ids").containsOnly(ids.getFirst());
    }
}
