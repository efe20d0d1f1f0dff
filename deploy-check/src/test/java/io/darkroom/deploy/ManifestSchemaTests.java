package io.darkroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every object under deploy/k8s parses and validates against its kind's schema; a broken one does not. */
class ManifestSchemaTests {

    private final ManifestSchemas schemas = ManifestSchemas.load();

    static Stream<Manifest> everyObject() {
        return Kustomization.in(Repository.EXAMPLE_OVERLAY).objects().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyObject")
    void everyObjectValidatesAgainstTheSchemaOfItsKind(Manifest manifest) {
        assertThat(schemas.violations(manifest.object())).as(manifest.toString()).isEmpty();
    }

    @Test
    void everyYamlFileUnderDeployK8sParses() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.K8S)) {
            List<Path> yaml = files.filter(file -> file.toString().endsWith(".yaml")).toList();
            assertThat(yaml).hasSizeGreaterThan(10);
            yaml.forEach(file -> assertThat(Manifest.parse(file)).as(file.toString()).isNotEmpty());
        }
    }

    @Test
    void deploymentWithAMisspeltFieldIsRefused() {
        ObjectNode deployment = (ObjectNode) object("Deployment", "darkroom-api").deepCopy();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));

        assertThat(schemas.violations(deployment)).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void deploymentWithAFieldOfTheWrongTypeIsRefused() {
        ObjectNode deployment = (ObjectNode) object("Deployment", "darkroom-worker-bulk").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriodSeconds", "three minutes");

        assertThat(schemas.violations(deployment)).singleElement().asString().contains("terminationGracePeriodSeconds");
    }

    @Test
    void scaledObjectWithoutTriggersIsRefused() {
        ObjectNode scaledObject = (ObjectNode) object("ScaledObject", "darkroom-worker-bulk").deepCopy();
        ((ObjectNode) scaledObject.path("spec")).remove("triggers");

        assertThat(schemas.violations(scaledObject)).singleElement().asString().contains("triggers");
    }

    @Test
    void rabbitmqClusterWithAnUnknownFieldIsRefused() {
        ObjectNode cluster = (ObjectNode) object("RabbitmqCluster", "rabbitmq").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("replica", 3);

        assertThat(schemas.violations(cluster)).singleElement().asString().contains("replica");
    }

    @Test
    void objectOfAnUnknownKindHasNoSchemaAndIsRefused() {
        ObjectNode deployment = (ObjectNode) object("Deployment", "darkroom-api").deepCopy();
        deployment.put("apiVersion", "apps/v1beta1");

        assertThatThrownBy(() -> schemas.violations(deployment)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("apps/v1beta1 Deployment");
    }

    static JsonNode object(String kind, String name) {
        return Kustomization.in(Repository.EXAMPLE_OVERLAY).objects().stream()
                .filter(manifest -> manifest.kind().equals(kind) && manifest.name().equals(name))
                .findFirst().orElseThrow(() -> new UncheckedIOException(new IOException("No " + kind + "/" + name)))
                .object();
    }
}
