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
 * resources and secret generators make, with its namespace and its patches applied. Only what our kustomizations
 * use is understood: patches that merge maps (a patch holding a list would need kustomize's strategic merge, and is
 * refused), {@code namespace}, and {@code secretGenerator} from env files.
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

    /** The objects it makes: {@link #unpatchedObjects()} with its patches applied and in its namespace. */
    List<Manifest> objects() {
        List<Manifest> objects = new ArrayList<>(unpatchedObjects());
        for (Path file : patchFiles()) {
            for (Manifest patch : Manifest.read(file)) {
                int target = ids(objects).indexOf(patch.id());
                if (target < 0) {
                    throw new IllegalStateException(patch + " patches no object of " + directory);
                }
                Manifest patched = objects.get(target);
                objects.set(target, new Manifest(patched.file(), patched.document(), merged(patched.object(), patch.object())));
            }
        }
        if (!namespace().isEmpty()) {
            objects.replaceAll(object -> object.kind().equals("Namespace") ? object : new Manifest(object.file(), object.document(),
                    merged(object.object(), JsonNodeFactory.instance.objectNode().set("metadata",
                            JsonNodeFactory.instance.objectNode().put("namespace", namespace())))));
        }
        return objects;
    }

    /** The objects of its resources (each made by its own kustomization when a directory) and of its generators. */
    List<Manifest> unpatchedObjects() {
        List<Manifest> objects = new ArrayList<>();
        for (Path resource : resources()) {
            objects.addAll(Files.isDirectory(resource) ? in(resource).objects() : Manifest.read(resource));
        }
        node.path("secretGenerator").values().forEach(generator -> objects.add(generatedSecret(generator)));
        return objects;
    }

    /**
     * {@code patch} merged into a copy of {@code object}, as RFC 7386 merges: maps recursively, a null removes.
     *
     * @throws UnsupportedOperationException when the patch holds a list, which kustomize merges by each list's key
     */
    static JsonNode merged(JsonNode object, JsonNode patch) {
        ObjectNode result = (ObjectNode) object.deepCopy();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                throw new UnsupportedOperationException("Patch field " + field.getKey() + " is a list: apply it with kustomize");
            } else if (value.isNull()) {
                result.remove(field.getKey());
            } else if (value.isObject() && result.path(field.getKey()).isObject()) {
                result.set(field.getKey(), merged(result.path(field.getKey()), value));
            } else {
                result.set(field.getKey(), value.deepCopy());
            }
        }
        return result;
    }

    private static List<String> ids(List<Manifest> objects) {
        return objects.stream().map(Manifest::id).toList();
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
