package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ModelsIntegrationTests {

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void listsEveryCatalogModelWithItsLimitsPricesAndAvailability() {
        JsonNode list = darkroom.json(darkroom.get("/v1/models", auth(DEV_KEY)));

        assertThat(list.get("object").asString()).isEqualTo("list");
        JsonNode fast = list.get("data").valueStream().filter(model -> model.get("id").asString().equals("local/fast"))
                .findFirst().orElseThrow();
        assertThat(fast.get("object").asString()).isEqualTo("model");
        assertThat(fast.get("provider").asString()).isEqualTo("local");
        assertThat(fast.get("available").asBoolean()).isTrue();
        assertThat(fast.get("max_images").asInt()).isEqualTo(10);
        assertThat(fast.get("sizes").valueStream().map(JsonNode::asString)).contains("1024x1024", "256x256");
        assertThat(fast.get("styles").valueStream().map(JsonNode::asString)).containsExactly("vivid", "natural");
        assertThat(fast.get("providers").get(0).get("pricing").get("per_image_usd").isNumber()).isTrue();
        assertThat(fast.get("edits").asBoolean()).isTrue();
    }

    @Test
    void everyProvidersModelIsListedWithEachRouteAndItsPricing() {
        JsonNode list = darkroom.json(darkroom.get("/v1/models", auth(DEV_KEY))).get("data");
        JsonNode schnell = list.valueStream().filter(model -> model.get("id").asString().equals("flux/schnell")).findFirst().orElseThrow();

        assertThat(list.valueStream().map(model -> model.get("id").asString())).contains("dall-e-3", "gpt-image-1",
                "stability/stable-image-ultra", "bfl/flux-pro-1.1", "ideogram/v3", "google/imagen-4");
        assertThat(schnell.get("providers").valueStream().map(route -> route.get("provider").asString()))
                .containsExactly("replicate", "fal");
        assertThat(schnell.get("providers").get(1).get("pricing").get("per_megapixel_usd").isNumber()).isTrue();
        JsonNode gptImage = list.valueStream().filter(model -> model.get("id").asString().equals("gpt-image-1")).findFirst().orElseThrow();
        assertThat(gptImage.get("providers").get(0).get("pricing").has("per_million_output_tokens_usd")).isTrue();
    }

    @Test
    void outputModalitiesFilterKeepsImageModelsOnly() {
        assertThat(darkroom.json(darkroom.get("/v1/models?output_modalities=image", auth(DEV_KEY))).get("data")).isNotEmpty();
        assertThat(darkroom.json(darkroom.get("/v1/models?output_modalities=text", auth(DEV_KEY))).get("data")).isEmpty();
    }

    @Test
    void oneModelByIdWithItsSlashPlainOrEncoded() {
        assertThat(darkroom.json(darkroom.get("/v1/models/local/slow", auth(DEV_KEY))).get("id").asString()).isEqualTo("local/slow");
        assertThat(darkroom.json(darkroom.get("/v1/models/local%2Fslow", auth(DEV_KEY))).get("id").asString()).isEqualTo("local/slow");
    }

    @Test
    void unknownModelAnswers404() {
        HttpResponse<String> response = darkroom.get("/v1/models/nope/none", auth(DEV_KEY));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(darkroom.json(response).get("error").get("code").asString()).isEqualTo("model_not_found");
    }

    @Test
    void everyResponseCarriesARequestIdEvenErrorsAndRefusals() {
        assertThat(darkroom.get("/v1/models", auth(DEV_KEY)).headers().firstValue("x-request-id")).hasValueSatisfying(
                id -> assertThat(id).startsWith("req_"));
        assertThat(darkroom.get("/v1/models").headers().firstValue("x-request-id")).isPresent();
        assertThat(darkroom.get("/v1/jobs/job_missing", auth(DEV_KEY)).headers().firstValue("x-request-id")).isPresent();
    }
}
