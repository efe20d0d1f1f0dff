package io.darkroom.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One Kubernetes object of a manifest file.
 *
 * @param file     the file it was read from, or where it was generated (a kustomization's secretGenerator)
 * @param document its index among the file's YAML documents
 * @param object   the object as parsed
 */
record Manifest(Path file, int document, JsonNode object) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Every non-empty document of {@code file}; a file that is not valid YAML fails here. */
    static List<Manifest> read(Path file) {
        List<JsonNode> documents = parse(file);
        return java.util.stream.IntStream.range(0, documents.size())
                .filter(i -> documents.get(i) != null && !documents.get(i).isNull() && !documents.get(i).isEmpty())
                .mapToObj(i -> new Manifest(file, i, documents.get(i)))
                .toList();
    }

    /** The YAML documents of {@code file}, as trees. */
    static List<JsonNode> parse(Path file) {
        try {
            return YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String apiVersion() {
        return object.path("apiVersion").asString("");
    }

    String kind() {
        return object.path("kind").asString("");
    }

    String name() {
        return object.path("metadata").path("name").asString("");
    }

    /** {@code Kind/name}, as kubectl names an object. */
    String id() {
        return kind() + "/" + name();
    }

    @Override
    public String toString() {
        return id() + " (" + file.getFileName() + ", document " + document + ")";
    }
}
