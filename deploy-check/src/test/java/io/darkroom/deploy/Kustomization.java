package io.darkroom.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code kustomization.yaml}, read without the kustomize binary (decision 031): what it lists, and the objects its
 * resources and secret generators make. Patches are not applied; {@link KustomizationTests} checks that each one
 * targets an object that exists and validates against its kind's schema.
 *
 * @param directory the kustomization's directory
 * @param node      the parsed kustomization.yaml
 */
record Kustomization(Path directory, JsonNode node) {

    /** The kustomization in {@code directory}. */
    static Kustomization in(Path directory) {
        return new Kustomization(directory, Manifest.parse(directory.resolve("kustomization.yaml")).getFirst());
    }

    /** The {@code resources} entries, resolved: files or directories holding a kustomization. */
    List<Path> resources() {
        return paths(node.path("resources").values().stream().map(JsonNode::asString));
    }

    /** The files of {@code patches[].path}. */
    List<Path> patchFiles() {
        return paths(node.path("patches").values().stream().map(patch -> patch.path("path").asString()));
    }

    /** The env files of the secret and config map generators. */
    List<Path> generatorFiles() {
        return paths(Stream.of("secretGenerator", "configMapGenerator")
                .flatMap(generator -> node.path(generator).values().stream())
                .flatMap(generator -> generator.path("envs").values().stream())
                .map(JsonNode::asString));
    }

    /** Every file and directory this kustomization names. */
    List<Path> listed() {
        return Stream.of(resources(), patchFiles(), generatorFiles()).flatMap(List::stream).toList();
    }

    /** The namespace it sets on every object, or empty. */
    String namespace() {
        return node.path("namespace").asString("");
    }

    /** The objects of its resources, recursively, and the Secrets its generators make; patches not applied. */
    List<Manifest> objects() {
        List<Manifest> objects = new ArrayList<>();
        for (Path resource : resources()) {
            objects.addAll(Files.isDirectory(resource) ? in(resource).objects() : Manifest.read(resource));
        }
        node.path("secretGenerator").values().forEach(generator -> objects.add(generatedSecret(generator)));
        return objects;
    }

    private Manifest generatedSecret(JsonNode generator) {
        ObjectNode secret = JsonNodeFactory.instance.objectNode();
        secret.put("apiVersion", "v1").put("kind", "Secret").putObject("metadata").put("name", generator.path("name").asString());
        ObjectNode data = secret.putObject("stringData");
        Path file = directory;
        for (JsonNode env : generator.path("envs").values()) {
            file = directory.resolve(env.asString());
            envFile(file).forEach(data::put);
        }
        return new Manifest(file, 0, secret);
    }

    /** The entries of a kustomize env file: {@code KEY=value} lines; blank lines and {@code #} comments skipped. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    int equals = entry.indexOf('=');
                    entries.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private List<Path> paths(Stream<String> entries) {
        return entries.map(entry -> directory.resolve(entry).normalize()).toList();
    }
}
