package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EditIntegrationTests {

    private static final int GREEN = 0xFF208020;

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void multipartEditWithAMaskRepaintsOnlyTheMaskedArea() {
        Multipart form = new Multipart().field("prompt", "a valley in the window").field("size", "256x256")
                .file("image", "in.png", "image/png", Images.solidPng(256, 256, GREEN, false))
                .file("mask", "mask.png", "image/png", Images.leftHalfMask(256, 256));

        BufferedImage edited = imageOf(darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY)));

        assertThat(edited.getRGB(200, 128)).as("kept where the mask is opaque").isEqualTo(GREEN);
        assertThat(edited.getRGB(20, 20)).as("repainted where the mask is transparent").isNotEqualTo(GREEN);
    }

    @Test
    void severalImagesAsRepeatedImageArrayPartsAreAllTaken() {
        Multipart form = new Multipart().field("prompt", "blend").field("size", "256x256").field("n", "2")
                .file("image[]", "a.png", "application/octet-stream", Images.solidPng(64, 64, 0xFFFF0000, false))
                .file("image[]", "b.png", "application/octet-stream", Images.solidPng(64, 64, 0xFF0000FF, false))
                .file("image[]", "c.png", "application/octet-stream", Images.solidPng(64, 64, 0xFF00FF00, false));

        HttpResponse<String> response = darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String jobId = darkroom.json(response).get("perf").get("request_id").asString();
        JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
        assertThat(job.get("request").get("images")).hasSize(3);
        assertThat(job.get("result").get("data")).hasSize(2);
    }

    @Test
    void maskOfAnotherSizeIsRefusedNamingMask() {
        Multipart form = new Multipart().field("prompt", "x")
                .file("image", "in.png", "image/png", Images.solidPng(256, 256, GREEN, false))
                .file("mask", "mask.png", "image/png", Images.leftHalfMask(128, 128));

        assertRefused(darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY)), 400, "mask", "invalid_mask");
    }

    @Test
    void maskWithoutAlphaIsRefusedNamingMask() {
        Multipart form = new Multipart().field("prompt", "x")
                .file("image", "in.png", "image/png", Images.solidPng(64, 64, GREEN, false))
                .file("mask", "mask.png", "image/png", Images.solidPng(64, 64, GREEN, false));

        assertRefused(darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY)), 400, "mask", "invalid_mask");
    }

    @Test
    void fileThatIsNoImageIsRefusedWhateverItsDeclaredType() {
        Multipart form = new Multipart().field("prompt", "x")
                .file("image", "fake.png", "image/png", "this is not a picture".getBytes());

        assertRefused(darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY)), 400, "image[0]", "invalid_image_format");
    }

    @Test
    void truncatedImageIsRefusedAsUndecodable() {
        byte[] png = Images.solidPng(64, 64, GREEN, false);
        byte[] truncated = java.util.Arrays.copyOf(png, 40);
        Multipart form = new Multipart().field("prompt", "x").file("image", "cut.png", "image/png", truncated);

        assertRefused(darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY)), 400, "image[0]", "invalid_image");
    }

    @Test
    void uploadOverTheLimitGets413() {
        byte[] big = new byte[3 * 1024 * 1024];
        System.arraycopy(Images.solidPng(8, 8, GREEN, false), 0, big, 0, 60);
        Multipart form = new Multipart().field("prompt", "x").file("image", "big.png", "image/png", big);

        HttpResponse<String> response = darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(darkroom.json(response).get("error").get("code").asString()).isEqualTo("request_too_large");
    }

    @Test
    void missingImageAndUnknownFieldsAreRefusedByName() {
        assertRefused(darkroom.postMultipart("/v1/images/edits", new Multipart().field("prompt", "x"), auth(DEV_KEY)),
                400, "image", "missing_required_parameter");
        Multipart unknown = new Multipart().field("prompt", "x").field("colour", "red")
                .file("image", "in.png", "image/png", Images.solidPng(8, 8, GREEN, false));
        assertRefused(darkroom.postMultipart("/v1/images/edits", unknown, auth(DEV_KEY)), 400, "colour", "unknown_parameter");
        Multipart badNumber = new Multipart().field("prompt", "x").field("n", "two")
                .file("image", "in.png", "image/png", Images.solidPng(8, 8, GREEN, false));
        assertRefused(darkroom.postMultipart("/v1/images/edits", badNumber, auth(DEV_KEY)), 400, "n", "invalid_type");
    }

    @Test
    void multipartEditTakesWebhookUrlMetadataProviderAndPriorityAsJsonEditsDo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Multipart form = new Multipart().field("prompt", "extensions").field("size", "256x256")
                    .field("metadata[order_id]", "A-17").field("metadata[customer]", "ada")
                    .field("provider[order][]", "local").field("provider[allow_fallbacks]", "false")
                    .field("priority", "bulk").field("webhook_url", receiver.url())
                    .file("image", "in.png", "image/png", Images.solidPng(64, 64, GREEN, false));

            HttpResponse<String> response = darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String jobId = darkroom.json(response).get("perf").get("request_id").asString();
            JsonNode job = darkroom.json(darkroom.get("/v1/jobs/" + jobId, auth(DEV_KEY)));
            assertThat(job.get("metadata").get("order_id").asString()).isEqualTo("A-17");
            assertThat(job.get("metadata").get("customer").asString()).isEqualTo("ada");
            assertThat(job.get("lane").asString()).isEqualTo("bulk");
            assertThat(job.get("request").get("provider").get("order").get(0).asString()).isEqualTo("local");
            assertThat(job.get("request").get("provider").get("allow_fallbacks").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deliveries.size() == 1);
            assertThat(darkroom.json(receiver.deliveries.getFirst().body()).get("data").get("id").asString()).isEqualTo(jobId);
        }
    }

    @Test
    void multipartExtensionsAreRefusedWithTheParamAndCodeTheJsonBodyGets() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.solidPng(8, 8, GREEN, false));
        record Case(String field, String value, String json, String param, String code) {
        }
        List<Case> cases = List.of(
                new Case("metadata", "{}", "\"metadata\": \"{}\"", "metadata", "invalid_type"),
                new Case("provider", "local", "\"provider\": \"local\"", "provider", "invalid_type"),
                new Case("provider[order][]", "nosuch", "\"provider\": {\"order\": [\"nosuch\"]}", "provider.order", "invalid_value"),
                new Case("provider[allow_fallbacks]", "maybe", "\"provider\": {\"allow_fallbacks\": \"maybe\"}",
                        "provider.allow_fallbacks", "invalid_type"),
                new Case("provider[colour]", "red", "\"provider\": {\"colour\": \"red\"}", "provider.colour", "unknown_parameter"),
                new Case("metadata[" + "k".repeat(65) + "]", "v", "\"metadata\": {\"" + "k".repeat(65) + "\": \"v\"}", "metadata",
                        "invalid_value"),
                new Case("priority", "urgent", "\"priority\": \"urgent\"", "priority", null),
                new Case("webhook_url", "ftp://example.com/hook", "\"webhook_url\": \"ftp://example.com/hook\"", "webhook_url", null));
        for (Case refused : cases) {
            HttpResponse<String> json = darkroom.post("/v1/images/edits", "{\"prompt\": \"x\", \"images\": [{\"image_url\": \""
                    + image + "\"}], " + refused.json() + "}", auth(DEV_KEY));
            Multipart form = new Multipart().field("prompt", "x").field(refused.field(), refused.value())
                    .file("image", "in.png", "image/png", Images.solidPng(8, 8, GREEN, false));
            HttpResponse<String> multipart = darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY));

            assertThat(multipart.statusCode()).as(refused.field() + ": " + multipart.body()).isEqualTo(400);
            JsonNode error = darkroom.json(multipart).get("error");
            assertThat(error.get("param").asString()).as(refused.field()).isEqualTo(refused.param());
            if (refused.code() != null) {
                assertThat(error.get("code").asString()).as(refused.field()).isEqualTo(refused.code());
            }
            assertThat(json.statusCode()).as(refused.json() + ": " + json.body()).isEqualTo(400);
            assertThat(darkroom.json(json).get("error").get("param").asString()).as("the JSON body names the same parameter")
                    .isEqualTo(refused.param());
            assertThat(error.get("code").asString()).as("the same code as the JSON body: " + refused.field())
                    .isEqualTo(darkroom.json(json).get("error").get("code").asString());
        }
    }

    @Test
    void jsonEditTakesADataUri() {
        String dataUri = "data:image/png;base64," + Base64.getEncoder().encodeToString(Images.solidPng(64, 64, GREEN, false));

        HttpResponse<String> response = darkroom.post("/v1/images/edits", "{\"prompt\": \"json edit\", \"size\": \"256x256\","
                + " \"images\": [{\"image_url\": \"" + dataUri + "\"}]}", auth(DEV_KEY));

        assertThat(imageOf(response).getWidth()).isEqualTo(256);
    }

    @Test
    void jsonEditWithBadBase64IsRefusedNamingTheImage() {
        HttpResponse<String> response = darkroom.post("/v1/images/edits",
                "{\"prompt\": \"x\", \"images\": [{\"image_url\": \"data:image/png;base64,@@not-base64@@\"}]}", auth(DEV_KEY));

        assertRefused(response, 400, "images[0].image_url", "invalid_base64");
    }

    @Test
    void jsonEditFetchesAnImageUrlFromAnAllowListedAddress() throws Exception {
        byte[] png = Images.solidPng(64, 64, GREEN, false);
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/in.png", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/in.png";
            HttpResponse<String> response = darkroom.post("/v1/images/edits", "{\"prompt\": \"fetched\", \"size\": \"256x256\","
                    + " \"images\": [{\"image_url\": \"" + url + "\"}]}", auth(DEV_KEY));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(fetches).hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void imageUrlsOnPrivateOrMetadataAddressesAreRefusedBeforeAnyConnection() {
        for (String url : new String[] {"http://169.254.169.254/latest/meta-data/", "http://10.255.255.1/x.png",
            "http://[::1]:9/x.png", "http://127.0.0.2:9/x.png"}) {
            HttpResponse<String> response = darkroom.post("/v1/images/edits",
                    "{\"prompt\": \"x\", \"images\": [{\"image_url\": \"" + url + "\"}]}", auth(DEV_KEY));

            assertRefused(response, 400, "images[0].image_url", "url_not_allowed");
        }
    }

    @Test
    void nonHttpSchemesAreRefused() {
        HttpResponse<String> response = darkroom.post("/v1/images/edits",
                "{\"prompt\": \"x\", \"images\": [{\"image_url\": \"file:///etc/passwd\"}]}", auth(DEV_KEY));

        assertRefused(response, 400, "images[0].image_url", "invalid_image_url");
    }

    private BufferedImage imageOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String url = darkroom.json(response).get("data").get(0).get("url").asString();
        return Images.decode(darkroom.getBytes(url).body());
    }

    private void assertRefused(HttpResponse<String> response, int status, String param, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = darkroom.json(response).get("error");
        assertThat(error.get("param").asString()).isEqualTo(param);
        assertThat(error.get("code").asString()).isEqualTo(code);
    }
}
