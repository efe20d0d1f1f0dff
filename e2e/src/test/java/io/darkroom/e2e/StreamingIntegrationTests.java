package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamingIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void streamSendsEachPartialRenderThenTheCompletedImageAsOpenAisEvents() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"prompt\": \"streamed ridges\", \"size\": \"256x256\", \"stream\": true, \"partial_images\": 3}", auth(DEV_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<Event> events = events(response.body());
        assertThat(events).extracting(Event::name).containsExactly("image_generation.partial_image",
                "image_generation.partial_image", "image_generation.partial_image", "image_generation.completed");
        for (int index = 0; index < 3; index++) {
            JsonNode partial = darkroom.json(events.get(index).data());
            assertThat(partial.get("type").asString()).isEqualTo("image_generation.partial_image");
            assertThat(partial.get("partial_image_index").asInt()).isEqualTo(index);
            assertThat(Images.decode(Base64.getDecoder().decode(partial.get("b64_json").asString())).getWidth()).isEqualTo(256);
        }
        JsonNode completed = darkroom.json(events.get(3).data());
        assertThat(completed.get("size").asString()).isEqualTo("256x256");
        assertThat(completed.get("output_format").asString()).isEqualTo("png");
        assertThat(completed.get("b64_json").asString()).isNotEqualTo(darkroom.json(events.get(2).data()).get("b64_json").asString());
    }

    @Test
    void streamWithoutPartialsSendsOnlyTheCompletedEvent() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"prompt\": \"no partials\", \"size\": \"256x256\", \"stream\": true}", auth(DEV_KEY));

        assertThat(events(response.body())).extracting(Event::name).containsExactly("image_generation.completed");
    }

    @Test
    void streamedEditUsesTheImageEditEventNames() {
        Multipart form = new Multipart().field("prompt", "stream an edit").field("size", "256x256")
                .field("stream", "true").field("partial_images", "1")
                .file("image", "in.png", "image/png", Images.solidPng(64, 64, 0xFF336699, false));

        HttpResponse<String> response = darkroom.postMultipart("/v1/images/edits", form, auth(DEV_KEY));

        assertThat(events(response.body())).extracting(Event::name)
                .containsExactly("image_edit.partial_image", "image_edit.completed");
    }

    @Test
    void streamingSeveralImagesIsRefusedNamingN() {
        HttpResponse<String> response = darkroom.post("/v1/images/generations",
                "{\"prompt\": \"x\", \"stream\": true, \"n\": 2}", auth(DEV_KEY));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(darkroom.json(response).get("error").get("param").asString()).isEqualTo("n");
    }

    record Event(String name, String data) {
    }

    static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (name != null) {
                events.add(new Event(name, data.toString()));
            }
        }
        return events;
    }
}
