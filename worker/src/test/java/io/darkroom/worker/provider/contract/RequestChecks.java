package io.darkroom.worker.provider.contract;

import static io.darkroom.worker.provider.contract.DescriptionSchemas.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a request must carry for its operation: credentials as one of the operation's security requirements demands,
 * its required header and query parameters (each value of the declared type), and its body (of a declared media
 * type, matching the schema, without fields a closed schema does not declare). Path parameters are matched by the
 * operation's template, not validated.
 */
final class RequestChecks {

    private final DescriptionSchemas schemas;
    private final SchemaDocument document;
    private final RequestBodies bodies;

    RequestChecks(DescriptionSchemas schemas) {
        this.schemas = schemas;
        this.document = schemas.document();
        this.bodies = new RequestBodies(document);
    }

    /** Every violation of {@code request} against the operation at {@code pointer} of the path item {@code template}. */
    List<String> violations(String template, String pointer, CapturedRequest request) {
        List<String> violations = new ArrayList<>();
        security(document.root().at(pointer), request).ifPresent(violations::add);
        parameters(template, pointer, request, violations);
        body(pointer, request, violations);
        return violations;
    }

    private Optional<String> security(JsonNode operation, CapturedRequest request) {
        JsonNode requirements = operation.has("security") ? operation.get("security") : document.root().path("security");
        if (requirements.isEmpty()) {
            return Optional.empty();
        }
        JsonNode schemes = document.root().path("components").path("securitySchemes");
        for (JsonNode requirement : requirements) {
            if (requirement.propertyNames().stream().allMatch(name -> satisfies(document.resolve(schemes.path(name)), request))) {
                return Optional.empty();
            }
        }
        return Optional.of("no credentials as any of " + requirements + " demands");
    }

    private static boolean satisfies(JsonNode scheme, CapturedRequest request) {
        String type = scheme.path("type").asString("");
        if (type.equals("apiKey")) {
            String name = scheme.path("name").asString();
            return switch (scheme.path("in").asString("")) {
                case "header" -> !request.headers().getOrDefault(name.toLowerCase(Locale.ROOT), "").isBlank();
                case "query" -> request.query().containsKey(name);
                default -> true;
            };
        }
        if (type.equals("http")) {
            String prefix = scheme.path("scheme").asString("").toLowerCase(Locale.ROOT) + " ";
            return request.headers().getOrDefault("authorization", "").toLowerCase(Locale.ROOT).startsWith(prefix);
        }
        return true;
    }

    private void parameters(String template, String pointer, CapturedRequest request, List<String> violations) {
        List<String> pointers = new ArrayList<>();
        collectParameters("/paths/" + escape(template) + "/parameters", pointers);
        collectParameters(pointer + "/parameters", pointers);
        for (String parameterPointer : pointers) {
            JsonNode parameter = document.root().at(parameterPointer);
            String name = parameter.path("name").asString();
            String in = parameter.path("in").asString("");
            String value = switch (in) {
                case "header" -> request.headers().get(name.toLowerCase(Locale.ROOT));
                case "query" -> request.query().get(name);
                default -> null;
            };
            if (value == null && parameter.path("required").asBoolean(false) && !in.equals("path")) {
                violations.add("the required " + in + " parameter '" + name + "' is missing");
            } else if (value != null && parameter.has("schema")) {
                schemas.errors(parameterPointer + "/schema", bodies.typed(value, parameter.get("schema")))
                        .forEach(error -> violations.add("parameter '" + name + "': " + error));
            }
        }
    }

    private void collectParameters(String pointer, List<String> pointers) {
        JsonNode parameters = document.root().at(pointer);
        for (int index = 0; index < parameters.size(); index++) {
            pointers.add(document.target(pointer + "/" + index));
        }
    }

    private void body(String pointer, CapturedRequest request, List<String> violations) {
        if (!document.root().at(pointer).has("requestBody")) {
            return;
        }
        String bodyPointer = document.target(pointer + "/requestBody");
        JsonNode requestBody = document.root().at(bodyPointer);
        JsonNode instance = request.json() != null ? request.json() : request.form().isEmpty() ? null
                : bodies.formAsJson(request.form(), requestBody.path("content").path(request.mediaType()).path("schema"));
        if (instance == null) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add("the required body is missing");
            }
            return;
        }
        Optional<String> declared = DescriptionSchemas.declaredMediaType(requestBody.path("content"), request.mediaType());
        if (declared.isEmpty()) {
            violations.add("a body of " + request.mediaType() + ", which is not one of " + requestBody.path("content").propertyNames());
            return;
        }
        String schema = bodyPointer + "/content/" + escape(declared.get()) + "/schema";
        violations.addAll(schemas.errors(schema, instance));
        bodies.undeclared(instance, document.root().at(schema), "", violations::add);
    }
}
