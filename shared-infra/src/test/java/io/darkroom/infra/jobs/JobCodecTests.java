package io.darkroom.infra.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.model.Background;
import io.darkroom.model.ImageRequest;
import io.darkroom.model.ImageSize;
import io.darkroom.model.InputFidelity;
import io.darkroom.model.Job;
import io.darkroom.model.Lane;
import io.darkroom.model.ModelCatalog;
import io.darkroom.model.Moderation;
import io.darkroom.model.OutputFormat;
import io.darkroom.model.ProviderPreference;
import io.darkroom.model.ResponseFormat;
import io.darkroom.model.ValidatedImageRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The request's stored form: jobs stored before the validated request type existed still decode, and new ones look the same. */
class JobCodecTests {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();
    /** As the apps configure Jackson (darkroom-infra.properties). */
    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    /** A minimal generation as the previous version stored it: every default written out, nulls included. */
    static final String STORED_GENERATION = """
            {"model":"local/fast","prompt":"a lighthouse","n":1,"size":"1024x1024","quality":"medium","style":null,\
            "response_format":"url","output_format":"png","output_compression":null,"background":"auto","moderation":"auto",\
            "user":null,"stream":false,"partial_images":0,"input_fidelity":null,"images":[],"mask":null,"seed":null,\
            "metadata":{},"provider":null,"priority":"interactive","webhook_url":null}""";

    /** An edit with every extension, as the previous version stored it. */
    static final String STORED_EDIT = """
            {"model":"gpt-image-1","prompt":"add snow","n":2,"size":"1536x1024","quality":"high","style":null,\
            "response_format":"b64_json","output_format":"webp","output_compression":80,"background":"transparent",\
            "moderation":"low","user":"end-user-9","stream":false,"partial_images":0,"input_fidelity":"high",\
            "images":["img_in_1","img_in_2"],"mask":"img_mask","seed":null,"metadata":{"case":"edit"},\
            "provider":{"order":["openai"],"allow_fallbacks":false},"priority":"bulk",\
            "webhook_url":"https://hooks.example.com/darkroom"}""";

    private final JobCodec codec = new JobCodec(JSON);

    @Test
    void aGenerationStoredByThePreviousVersionDecodesIntoTheValidatedRequest() {
        ValidatedImageRequest request = codec.decodeRequest(STORED_GENERATION);

        assertThat(request).isEqualTo(CATALOG.validate(ImageRequest.of("local/fast", "a lighthouse")));
        assertThat(request.size()).isEqualTo(new ImageSize(1024, 1024));
        assertThat(request.responseFormat()).isEqualTo(ResponseFormat.URL);
        assertThat(request.lane()).isEqualTo(Lane.INTERACTIVE);
    }

    @Test
    void anEditStoredByThePreviousVersionDecodesWithEveryFieldTyped() {
        ValidatedImageRequest request = codec.decodeRequest(STORED_EDIT);

        assertThat(request.outputFormat()).isEqualTo(OutputFormat.WEBP);
        assertThat(request.background()).isEqualTo(Background.TRANSPARENT);
        assertThat(request.moderation()).isEqualTo(Moderation.LOW);
        assertThat(request.inputFidelity()).contains(InputFidelity.HIGH);
        assertThat(request.lane()).isEqualTo(Lane.BULK);
        assertThat(request.outputCompression()).hasValue(80);
        assertThat(request.images()).containsExactly("img_in_1", "img_in_2");
        assertThat(request.mask()).contains("img_mask");
        assertThat(request.provider()).contains(new ProviderPreference(List.of("openai"), false));
        assertThat(request.webhookUrl()).contains("https://hooks.example.com/darkroom");
        assertThat(request.metadata()).containsExactly(Map.entry("case", "edit"));
    }

    @Test
    void aNewJobStoresItsRequestInTheSameFieldsAndValuesAsBefore() {
        ValidatedImageRequest edit = codec.decodeRequest(STORED_EDIT);
        Job job = Job.queued("job_1", "key_1", CATALOG.find("gpt-image-1").orElseThrow(), "openai", Lane.BULK, edit);

        Map<String, String> fields = codec.fieldsOfNew(job);

        assertThat(JSON.readTree(fields.get("request"))).isEqualTo(JSON.readTree(STORED_EDIT));
        assertThat(JSON.readTree(codec.encode(CATALOG.validate(ImageRequest.of("local/fast", "a lighthouse")))))
                .isEqualTo(JSON.readTree(STORED_GENERATION));
        assertThat(fields).containsEntry("hooked", "1");
    }

    @Test
    void aJobRoundTripsThroughItsFieldsWithAnEqualRequest() {
        ValidatedImageRequest request = codec.decodeRequest(STORED_EDIT);
        Map<String, String> fields = new HashMap<>(codec.fieldsOfNew(
                Job.queued("job_1", "key_1", CATALOG.find("gpt-image-1").orElseThrow(), "openai", Lane.BULK, request)));
        fields.put("created_at", "1700000000000");

        assertThat(codec.decode(fields).request()).isEqualTo(request);
    }

    @Test
    void aStoredRequestMissingWhatValidationFillsIsRefusedNamingTheField() {
        String unvalidated = STORED_GENERATION.replace("\"size\":\"1024x1024\"", "\"size\":null");

        assertThatThrownBy(() -> codec.decodeRequest(unvalidated)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'size'");
    }
}
