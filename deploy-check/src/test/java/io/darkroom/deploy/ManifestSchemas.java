package io.darkroom.deploy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The schema of every kind the manifests use, from the vendored sources (src/test/resources/schemas/README.md):
 * Kubernetes' own OpenAPI definitions for built-in kinds, and the {@code openAPIV3Schema} of each served version of
 * the KEDA and RabbitMQ Cluster Operator CRDs.
 *
 * <p>Both are made strict as kubeconform's strict schemas are, and as {@code kubectl apply}'s server-side field
 * validation is: an object schema that lists its properties refuses any other one (unless it preserves unknown
 * fields). Two Kubernetes types that the OpenAPI document calls strings also take numbers, as the API server does:
 * {@code IntOrString} ({@code targetPort: 8080}) and {@code Quantity} ({@code cpu: 1}).
 */
final class ManifestSchemas {

    private static final String DEFINITIONS = "#/definitions/";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final List<String> CRDS = List.of("keda.sh_scaledobjects.yaml", "keda.sh_triggerauthentications.yaml",
            "rabbitmq.com_rabbitmqclusters.yaml");

    private static final ManifestSchemas INSTANCE = new ManifestSchemas();

    private final ObjectNode definitions;
    private final Map<String, JsonNode> schemaNodes = new HashMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private ManifestSchemas() {
        definitions = (ObjectNode) read("kubernetes-1.36.json", new JsonMapper()).path("definitions");
        definitions.properties().forEach(definition -> strict(definition.getValue()));
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", anyOf("string", "integer"));
        definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", anyOf("string", "number"));
        definitions.properties().forEach(definition -> definition.getValue().path("x-kubernetes-group-version-kind").values()
                .forEach(gvk -> schemaNodes.put(key(gvk.path("group").asString() + "/" + gvk.path("version").asString(),
                        gvk.path("kind").asString()), withDefinitions(ref(definition.getKey())))));
        CRDS.forEach(this::addCrd);
    }

    /** The schemas, loaded once. */
    static ManifestSchemas load() {
        return INSTANCE;
    }

    /**
     * What is wrong with {@code object} by its kind's schema: empty when it is valid.
     *
     * @throws IllegalArgumentException when no schema is known for its {@code apiVersion} and {@code kind}
     */
    List<String> violations(JsonNode object) {
        return errors(object).stream().map(Error::toString).toList();
    }

    /**
     * What is wrong with a patch: as {@link #violations}, except fields it leaves out (a patch names only what it
     * changes), so a misspelt or mistyped field is still found.
     */
    List<String> patchViolations(JsonNode patch) {
        return errors(patch).stream().filter(error -> !"required".equals(error.getKeyword())).map(Error::toString).toList();
    }

    private List<Error> errors(JsonNode object) {
        String key = key(object.path("apiVersion").asString(""), object.path("kind").asString(""));
        JsonNode node = schemaNodes.get(key);
        if (node == null) {
            throw new IllegalArgumentException("No schema for " + key + "; known: " + schemaNodes.keySet().stream().sorted().toList());
        }
        return schemas.computeIfAbsent(key, k -> registry.getSchema(node)).validate(object);
    }

    private void addCrd(String file) {
        JsonNode crd = read(file, new YAMLMapper());
        String group = crd.path("spec").path("group").asString();
        String kind = crd.path("spec").path("names").path("kind").asString();
        for (JsonNode version : crd.path("spec").path("versions").values()) {
            if (version.path("served").asBoolean()) {
                ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
                strict(schema);
                ((ObjectNode) schema.path("properties")).set("metadata", ref(OBJECT_META));
                schemaNodes.put(key(group + "/" + version.path("name").asString(), kind), withDefinitions(schema));
            }
        }
    }

    /** Adds {@code additionalProperties: false} to every object schema that lists its properties, recursively. */
    private static void strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.path("properties");
        if (properties.isObject()) {
            properties.values().forEach(ManifestSchemas::strict);
            if (!object.has("additionalProperties") && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
        }
        strict(object.path("items"));
        strict(object.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combinator).values().forEach(ManifestSchemas::strict);
        }
    }

    private ObjectNode withDefinitions(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.set("definitions", definitions);
        return copy;
    }

    private static ObjectNode ref(String definition) {
        return JsonNodeFactory.instance.objectNode().put("$ref", DEFINITIONS + definition);
    }

    private static ObjectNode anyOf(String... types) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        for (String type : types) {
            schema.withArray("anyOf").addObject().put("type", type);
        }
        return schema;
    }

    private static String key(String apiVersion, String kind) {
        return (apiVersion.startsWith("/") ? apiVersion.substring(1) : apiVersion) + " " + kind;
    }

    private static JsonNode read(String file, ObjectMapper mapper) {
        try (InputStream in = ManifestSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("Missing vendored schema /schemas/" + file);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
