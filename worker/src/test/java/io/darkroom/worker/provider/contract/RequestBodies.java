package io.darkroom.worker.provider.contract;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What JSON Schema alone does not check in a request body: a form's fields read as the JSON its schema describes,
 * and fields the schema does not declare. A misspelled optional field is valid JSON Schema (OpenAPI schemas rarely
 * close their objects) but a silent bug upstream, which ignores it; so a request may carry only declared fields
 * wherever the schema lists its properties and admits no others. Answers are not held to this: providers add fields.
 */
final class RequestBodies {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaDocument document;

    RequestBodies(SchemaDocument document) {
        this.document = document;
    }

    /**
     * The form as a JSON object: each value typed as its property's schema says (integer, number, boolean, else
     * string); a field sent more than once, or named {@code name[]} (the bracket convention OpenAI documents for
     * several files), becomes an array under {@code name}; a file becomes a string naming it.
     */
    ObjectNode formAsJson(List<CapturedRequest.FormField> form, JsonNode schema) {
        ObjectNode object = NODES.objectNode();
        for (CapturedRequest.FormField field : form) {
            boolean bracketed = field.name().endsWith("[]");
            String name = bracketed ? field.name().substring(0, field.name().length() - 2) : field.name();
            JsonNode property = document.property(schema, name);
            boolean array = bracketed || object.has(name) || !field.file() && document.types(property).equals(Set.of("array"));
            if (array) {
                JsonNode earlier = object.get(name);
                ArrayNode values = earlier instanceof ArrayNode list ? list : NODES.arrayNode();
                if (earlier != null && !(earlier instanceof ArrayNode)) {
                    values.add(earlier);
                }
                values.add(field.file() ? NODES.stringNode(field.value()) : typed(field.value(), document.items(property)));
                object.set(name, values);
            } else {
                object.set(name, field.file() ? NODES.stringNode(field.value()) : typed(field.value(), property));
            }
        }
        return object;
    }

    /** A text value (a form field, a header, a query parameter) as the JSON type {@code schema} gives it. */
    JsonNode typed(String value, JsonNode schema) {
        Set<String> types = document.types(schema);
        if (types.contains("integer") && value.matches("-?[0-9]+")) {
            return NODES.numberNode(new java.math.BigInteger(value));
        }
        if (types.contains("number") && value.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            return NODES.numberNode(new BigDecimal(value));
        }
        if (types.contains("boolean") && (value.equals("true") || value.equals("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(value));
        }
        return NODES.stringNode(value);
    }

    /** Reports, at its JSON pointer ({@code /a/b}), every field of {@code instance} that a closed schema along the way does not declare. */
    void undeclared(JsonNode instance, JsonNode schema, String at, Consumer<String> report) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (instance.isObject()) {
            boolean closed = document.closed(schema);
            for (String name : instance.propertyNames()) {
                JsonNode property = document.property(schema, name);
                if (property.isMissingNode() && closed) {
                    report.accept(at + "/" + name + ": not a field the published schema declares");
                } else {
                    undeclared(instance.get(name), property, at + "/" + name, report);
                }
            }
        } else if (instance.isArray()) {
            JsonNode items = document.items(schema);
            for (int index = 0; index < instance.size(); index++) {
                undeclared(instance.get(index), items, at + "/" + index, report);
            }
        }
    }
}
