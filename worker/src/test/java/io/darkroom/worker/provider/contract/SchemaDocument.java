package io.darkroom.worker.provider.contract;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Reading an OpenAPI document's schemas: following its local {@code $ref}s and telling which types a schema allows. */
record SchemaDocument(JsonNode root) {

    private static final List<String> COMPOSITIONS = List.of("allOf", "anyOf", "oneOf");

    /** {@code node} with its local {@code $ref} chain followed. */
    JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current != null && current.path("$ref").isString(); hops++) {
            String ref = current.get("$ref").asString();
            if (!ref.startsWith("#") || hops > 32) {
                throw new IllegalStateException("Only local $refs are followed: " + ref);
            }
            current = root.at(ref.substring(1));
        }
        return current;
    }

    /** The JSON pointer {@code node}'s {@code $ref} points at, or {@code pointer} itself when it has none. */
    String target(String pointer) {
        String current = pointer;
        for (int hops = 0; root.at(current).path("$ref").isString() && hops < 32; hops++) {
            current = root.at(current).get("$ref").asString().substring(1);
        }
        return current;
    }

    /** {@code schema} and every schema it composes ({@code allOf}, {@code anyOf}, {@code oneOf}), resolved. */
    List<JsonNode> alternatives(JsonNode schema) {
        List<JsonNode> all = new ArrayList<>();
        collect(resolve(schema), all, 0);
        return all;
    }

    private void collect(JsonNode schema, List<JsonNode> all, int depth) {
        if (schema == null || schema.isMissingNode() || depth > 8) {
            return;
        }
        all.add(schema);
        for (String composition : COMPOSITIONS) {
            for (JsonNode member : schema.path(composition)) {
                collect(resolve(member), all, depth + 1);
            }
        }
    }

    /** Every JSON type {@code schema} or one of its alternatives names ({@code type} as a string or a list). */
    Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode alternative : alternatives(schema)) {
            JsonNode type = alternative.path("type");
            if (type.isString()) {
                types.add(type.asString());
            }
            for (JsonNode name : type) {
                types.add(name.asString());
            }
        }
        return types;
    }

    /** The schema of property {@code name} in {@code schema} or any of its alternatives; missing when none declares it. */
    JsonNode property(JsonNode schema, String name) {
        for (JsonNode alternative : alternatives(schema)) {
            JsonNode property = alternative.path("properties").path(name);
            if (!property.isMissingNode()) {
                return property;
            }
        }
        return MissingNode.getInstance();
    }

    /** The schema of {@code schema}'s array items, from it or any of its alternatives; missing when none says. */
    JsonNode items(JsonNode schema) {
        for (JsonNode alternative : alternatives(schema)) {
            if (alternative.has("items")) {
                return alternative.get("items");
            }
        }
        return MissingNode.getInstance();
    }

    /** Whether {@code schema} lists its properties and, through none of its alternatives, admits others. */
    boolean closed(JsonNode schema) {
        boolean declares = false;
        for (JsonNode alternative : alternatives(schema)) {
            JsonNode additional = alternative.path("additionalProperties");
            if (additional.isObject() || additional.asBoolean(false) || alternative.has("patternProperties")) {
                return false;
            }
            declares |= alternative.has("properties");
        }
        return declares;
    }
}
