package io.darkroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kustomize layout holds together without the kustomize binary (decision 031): what each kustomization lists
 * exists, every manifest file is listed, object names are unique, and each patch targets an object of the base by
 * kind and name, validates against that kind's schema (leaving out required fields, as patches do) and is applied.
 */
class KustomizationTests {

    static Stream<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.K8S)) {
            return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent)
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everythingAKustomizationListsExists(Path directory) {
        assertThat(Kustomization.in(directory).listed()).isNotEmpty().allSatisfy(path -> assertThat(path).exists());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyFileBesideAKustomizationIsListedByIt(Path directory) throws IOException {
        Set<Path> listed = Set.copyOf(Kustomization.in(directory).listed());
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> unlisted = files.filter(Files::isRegularFile).map(Path::normalize)
                    .filter(file -> !file.getFileName().toString().equals("kustomization.yaml"))
                    .filter(file -> !listed.contains(file))
                    .toList();
            assertThat(unlisted).as("files in %s that no kustomization uses", directory).isEmpty();
        }
    }

    @Test
    void theOverlayMakesEachObjectOnce() {
        List<String> ids = Kustomization.in(Repository.EXAMPLE_OVERLAY).objects().stream().map(Manifest::id).toList();

        assertThat(ids).doesNotHaveDuplicates().contains("Deployment/darkroom-api", "Secret/darkroom-provider-keys");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyPatchTargetsAnObjectOfWhatItPatches(Path directory) {
        Kustomization kustomization = Kustomization.in(directory);
        Set<String> objects = kustomization.unpatchedObjects().stream().map(Manifest::id).collect(Collectors.toSet());

        assertThat(kustomization.patchFiles().stream().flatMap(patch -> Manifest.read(patch).stream()))
                .allSatisfy(patch -> assertThat(objects).as("objects %s patches", patch).contains(patch.id()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyPatchValidatesAgainstTheSchemaOfItsTarget(Path directory) {
        ManifestSchemas schemas = ManifestSchemas.load();

        assertThat(Kustomization.in(directory).patchFiles().stream().flatMap(patch -> Manifest.read(patch).stream()))
                .allSatisfy(patch -> assertThat(schemas.patchViolations(patch.object())).as(patch.toString()).isEmpty());
    }

    @Test
    void theOverlayAppliesItsPatchesAndNamespaceToTheBase() {
        Overlay overlay = Overlay.example();

        assertThat(overlay.configValue("DARKROOM_PUBLIC_BASE_URL")).hasValue("https://images.example.com");
        assertThat(overlay.configValue("SPRING_RABBITMQ_HOST")).hasValue("rabbitmq");
        assertThat(overlay.named("ScaledObject", "darkroom-worker-interactive").orElseThrow().object().at("/spec/maxReplicaCount").asInt())
                .isEqualTo(10);
        assertThat(overlay.objects()).allSatisfy(object -> assertThat(object.object().at("/metadata/namespace").asString())
                .isEqualTo(object.kind().equals("Namespace") ? "" : "darkroom"));
    }

    @Test
    void patchHoldingAListIsRefusedForKustomizeMergesListsByTheirKeys() {
        JsonNode deployment = ManifestSchemaTests.object("Deployment", "darkroom-api");
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec").putObject("template").putObject("spec").putArray("containers").addObject().put("name", "api");

        assertThatThrownBy(() -> Kustomization.merged(deployment, patch)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("containers");
    }

    @Test
    void patchWithAMisspeltFieldIsRefusedThoughItLeavesOutRequiredOnes() {
        Manifest patch = Manifest.read(Repository.EXAMPLE_OVERLAY.resolve("patches/worker-interactive-scale.yaml")).getFirst();
        ObjectNode misspelt = (ObjectNode) patch.object().deepCopy();
        ((ObjectNode) misspelt.path("spec")).put("maxReplicas", 10);

        assertThat(ManifestSchemas.load().patchViolations(patch.object())).isEmpty();
        assertThat(ManifestSchemas.load().patchViolations(misspelt)).singleElement().asString().contains("maxReplicas");
    }
}
