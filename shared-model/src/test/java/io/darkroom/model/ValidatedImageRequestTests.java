package io.darkroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatedImageRequestTests {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    /** An edit with every parameter local/fast takes set to something other than its default. */
    private static ImageRequest everyParameter() {
        return ImageRequest.builder().model("local/fast").prompt("a harbour at night").n(2).size("512x512").quality("high")
                .style("natural").responseFormat("b64_json").outputFormat("webp").outputCompression(70).background("transparent")
                .moderation("low").user("user-7").stream(false).inputFidelity("high").images(List.of("in_a.png", "in_b.png"))
                .mask("in_m.png").seed(42L).metadata(Map.of("case", "all")).provider(new ProviderPreference(List.of("local"), false))
                .priority("bulk").webhookUrl("https://hooks.example.com/darkroom").build();
    }

    @Test
    void aMinimalRequestHasEveryDefaultFilledAndNothingElse() {
        ValidatedImageRequest validated = catalog.validate(ImageRequest.of(null, "a lighthouse"));

        assertThat(validated.responseFormat()).isEqualTo(ResponseFormat.URL);
        assertThat(validated.moderation()).isEqualTo(Moderation.AUTO);
        assertThat(validated.lane()).isEqualTo(Lane.INTERACTIVE);
        assertThat(validated.streams()).isFalse();
        assertThat(validated.partialImages()).isZero();
        assertThat(validated.style()).isEmpty();
        assertThat(validated.outputCompression()).isEmpty();
        assertThat(validated.user()).isEmpty();
        assertThat(validated.inputFidelity()).isEmpty();
        assertThat(validated.images()).isEmpty();
        assertThat(validated.mask()).isEmpty();
        assertThat(validated.seed()).isEmpty();
        assertThat(validated.metadata()).isEmpty();
        assertThat(validated.provider()).isEmpty();
        assertThat(validated.webhookUrl()).isEmpty();
    }

    @Test
    void everyClosedParameterIsMappedToItsEnumAndTheOthersKeptAsGiven() {
        ValidatedImageRequest validated = catalog.validate(everyParameter());

        assertThat(validated.size()).isEqualTo(new ImageSize(512, 512));
        assertThat(validated.responseFormat()).isEqualTo(ResponseFormat.B64_JSON);
        assertThat(validated.outputFormat()).isEqualTo(OutputFormat.WEBP);
        assertThat(validated.background()).isEqualTo(Background.TRANSPARENT);
        assertThat(validated.wantsTransparency()).isTrue();
        assertThat(validated.moderation()).isEqualTo(Moderation.LOW);
        assertThat(validated.inputFidelity()).contains(InputFidelity.HIGH);
        assertThat(validated.lane()).isEqualTo(Lane.BULK);
        assertThat(validated.quality()).isEqualTo("high");
        assertThat(validated.style()).contains("natural");
        assertThat(validated.outputCompression()).hasValue(70);
        assertThat(validated.seed()).hasValue(42L);
        assertThat(validated.user()).contains("user-7");
        assertThat(validated.images()).containsExactly("in_a.png", "in_b.png");
        assertThat(validated.mask()).contains("in_m.png");
        assertThat(validated.metadata()).containsExactly(Map.entry("case", "all"));
        assertThat(validated.provider().orElseThrow().order()).containsExactly("local");
        assertThat(validated.webhookUrl()).contains("https://hooks.example.com/darkroom");
    }

    @Test
    void noAccessorAnswersNullForAMinimalOrAFullRequest() throws ReflectiveOperationException {
        for (ValidatedImageRequest validated : List.of(catalog.validate(ImageRequest.of(null, "x")), catalog.validate(everyParameter()))) {
            for (Method accessor : accessors()) {
                assertThat(accessor.invoke(validated)).as(accessor.getName()).isNotNull();
            }
        }
    }

    @Test
    void eachEnumSpeaksTheWireNamesOpenAiDocuments() {
        assertThat(Arrays.stream(ResponseFormat.values()).map(ResponseFormat::wireName)).containsExactly("url", "b64_json");
        assertThat(Arrays.stream(Background.values()).map(Background::wireName)).containsExactly("transparent", "opaque", "auto");
        assertThat(Arrays.stream(Moderation.values()).map(Moderation::wireName)).containsExactly("low", "auto");
        assertThat(Arrays.stream(InputFidelity.values()).map(InputFidelity::wireName)).containsExactly("high", "low");
        assertThat(Arrays.stream(Lane.values()).map(Lane::wireName)).containsExactly("interactive", "bulk");
        assertThat(ResponseFormat.fromWireName("B64_JSON")).as("wire names are exact").isEmpty();
        assertThat(Background.fromWireName(null)).isEmpty();
    }

    @Test
    void aValidatedRequestValidatesAgainToAnEqualOne() {
        ValidatedImageRequest once = catalog.validate(everyParameter());

        assertThat(catalog.validate(once.toImageRequest())).isEqualTo(once).hasSameHashCodeAs(once);
    }

    @Test
    void theWireFormSpellsEveryDefaultWithItsWireName() {
        ImageRequest wire = catalog.validate(ImageRequest.of("local/fast", "x")).toImageRequest();

        assertThat(wire).isEqualTo(ImageRequest.builder().model("local/fast").prompt("x").n(1).size("1024x1024").quality("medium")
                .responseFormat("url").outputFormat("png").background("auto").moderation("auto").stream(false).partialImages(0)
                .metadata(Map.of()).priority("interactive").build());
    }

    @Test
    void restoringTheWireFormGivesBackTheSameRequest() {
        ValidatedImageRequest validated = catalog.validate(everyParameter());

        assertThat(ValidatedImageRequest.restore(validated.toImageRequest())).isEqualTo(validated);
    }

    @Test
    void restoringADraftThatValidationDidNotFillIsRefusedNamingTheField() {
        ImageRequest stored = catalog.validate(ImageRequest.of("local/fast", "x")).toImageRequest();

        assertThatThrownBy(() -> ValidatedImageRequest.restore(ImageRequest.of("local/fast", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'n'");
        assertThatThrownBy(() -> ValidatedImageRequest.restore(stored.withSize("auto")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'size' is 'auto'");
        assertThatThrownBy(() -> ValidatedImageRequest.restore(stored.withBackground("clear")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'background'");
    }

    @Test
    void onlyValidationAndRestoringMakeOne() {
        assertThat(ValidatedImageRequest.class.getDeclaredConstructors())
                .allSatisfy(constructor -> assertThat(Modifier.isPublic(constructor.getModifiers())
                        || Modifier.isProtected(constructor.getModifiers())).as(constructor.toString()).isFalse());
        assertThat(Arrays.stream(ValidatedImageRequest.class.getMethods())
                .filter(method -> Modifier.isStatic(method.getModifiers()) && method.getReturnType() == ValidatedImageRequest.class)
                .map(Method::getName)).containsExactly("restore");
        assertThat(Modifier.isFinal(ValidatedImageRequest.class.getModifiers())).isTrue();
    }

    @Test
    void itsCollectionsCannotBeChangedAfterValidation() {
        java.util.HashMap<String, String> metadata = new java.util.HashMap<>(Map.of("k", "v"));
        ValidatedImageRequest validated = catalog.validate(ImageRequest.builder().prompt("x").metadata(metadata).build());
        metadata.put("late", "change");

        assertThat(validated.metadata()).containsOnlyKeys("k");
        assertThatThrownBy(() -> validated.metadata().put("k", "w")).isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<Method> accessors() {
        return Arrays.stream(ValidatedImageRequest.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
                        && method.getParameterCount() == 0 && method.getReturnType() != void.class)
                .toList();
    }
}
