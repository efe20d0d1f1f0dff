package io.darkroom.deploy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * The objects an overlay makes ({@link Kustomization#objects()}), and the look-ups the checks share.
 *
 * @param objects every object, in the order the kustomizations list them
 */
record Overlay(List<Manifest> objects) {

    /** The example overlay's objects. */
    static Overlay example() {
        return new Overlay(Kustomization.in(Repository.EXAMPLE_OVERLAY).objects());
    }

    List<Manifest> all(String kind) {
        return objects.stream().filter(object -> object.kind().equals(kind)).toList();
    }

    Optional<Manifest> named(String kind, String name) {
        return all(kind).stream().filter(object -> object.name().equals(name)).findFirst();
    }

    /** The Deployments and StatefulSets. */
    List<Manifest> workloads() {
        return Stream.concat(all("Deployment").stream(), all("StatefulSet").stream()).toList();
    }

    /** The workloads whose pod template carries every label of {@code matchLabels}; none for an empty selector. */
    List<Manifest> selectedBy(JsonNode matchLabels) {
        return workloads().stream().filter(workload -> {
            JsonNode labels = workload.object().at("/spec/template/metadata/labels");
            return !matchLabels.isEmpty() && matchLabels.properties().stream()
                    .allMatch(label -> labels.path(label.getKey()).asString("").equals(label.getValue().asString()));
        }).toList();
    }

    /** A value of the ConfigMap both apps read their settings from. */
    Optional<String> configValue(String key) {
        return named("ConfigMap", "darkroom-config").map(config -> config.object().path("data").path(key).asString(null));
    }

    static List<JsonNode> containers(Manifest workload) {
        return workload.object().at("/spec/template/spec/containers").values().stream().toList();
    }

    /** The literal value a container sets {@code name} to. */
    static Optional<String> env(JsonNode container, String name) {
        return container.path("env").values().stream().filter(env -> env.path("name").asString().equals(name))
                .map(env -> env.path("value").asString()).findFirst();
    }

    /** The Secrets a workload's pods read: as environment (whole or by key) or as volumes. */
    static Set<String> secretsUsedBy(Manifest workload) {
        Set<String> secrets = new HashSet<>();
        for (JsonNode container : containers(workload)) {
            container.path("envFrom").values().forEach(from -> secrets.add(from.path("secretRef").path("name").asString(null)));
            container.path("env").values().forEach(env -> secrets.add(env.at("/valueFrom/secretKeyRef/name").asString(null)));
        }
        workload.object().at("/spec/template/spec/volumes").values()
                .forEach(volume -> secrets.add(volume.path("secret").path("secretName").asString(null)));
        secrets.remove(null);
        return secrets;
    }
}
