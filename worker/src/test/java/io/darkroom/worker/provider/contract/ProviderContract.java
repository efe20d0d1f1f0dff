package io.darkroom.worker.provider.contract;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A provider's published API description ({@code contracts/<provider>/openapi.json} on the test class path), and the
 * one place that checks requests and stub answers against it: the operation (method and path, the server's base path
 * included), its security scheme, its required header and query parameters, and its body by JSON Schema (networknt,
 * in the document's own OpenAPI 3.0 or 3.1 dialect), plus the fields a closed schema does not declare (see
 * {@link RequestBodies}). Answers are checked by status and media type, and JSON ones by schema.
 */
public final class ProviderContract {

    private static final String HOME = "https://contracts.darkroom.test/";

    private final String provider;
    private final SchemaDocument document;
    private final SchemaRegistry registry;
    private final RequestBodies bodies;
    private final String basePath;

    private ProviderContract(String provider, String text) {
        this.provider = provider;
        this.document = new SchemaDocument(CapturedRequest.MAPPER.readTree(text));
        JsonNode root = document.root();
        this.registry = SchemaRegistry.withDefaultDialect(dialect(root), builder -> builder.schemas(Map.of(uri(), text)));
        this.bodies = new RequestBodies(document);
        String server = root.path("servers").path(0).path("url").asString("");
        String path = server.isEmpty() ? "" : URI.create(server).getRawPath();
        this.basePath = path == null || path.equals("/") ? "" : path.replaceAll("/$", "");
    }

    /**
     * The document's own OpenAPI dialect. A 3.1 document is read with 3.0's {@code nullable} honoured: OpenAI's and
     * Replicate's say 3.1 yet still mark fields {@code nullable: true}, and mean it.
     */
    private static Dialect dialect(JsonNode root) {
        if (root.path("openapi").asString("").startsWith("3.0")) {
            return Dialects.getOpenApi30();
        }
        return Dialect.builder(Dialects.getOpenApi31()).keyword(Dialects.getOpenApi30().getKeywords().get("nullable")).build();
    }

    /** The description vendored for {@code provider}. */
    public static ProviderContract published(String provider) {
        String resource = "/contracts/" + provider + "/openapi.json";
        try (InputStream in = ProviderContract.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No published description at " + resource);
            }
            return new ProviderContract(provider, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation {@code method path} is for, as {@code method template} (e.g. {@code post /images/edits}). */
    public Optional<Operation> operation(String method, String path) {
        Operation best = null;
        for (String template : document.root().path("paths").propertyNames()) {
            JsonNode item = document.root().path("paths").path(template);
            if (item.has(method) && matches(basePath + template, path)) {
                Operation candidate = new Operation(method, template);
                if (best == null || candidate.parameterCount() < best.parameterCount()) {
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(String template, String path) {
        String regex = java.util.regex.Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
        return path.matches(regex);
    }

    /** Everything in {@code request} that its operation's published description does not allow; empty when it conforms. */
    public List<String> violations(CapturedRequest request) {
        Optional<Operation> found = operation(request.method(), request.path());
        if (found.isEmpty()) {
            return List.of(request.describe() + ": no such operation in " + provider + "'s published description");
        }
        Operation operation = found.get();
        List<String> violations = new ArrayList<>();
        security(operation, request).ifPresent(violations::add);
        parameters(operation, request, violations);
        body(operation, request, violations);
        return violations.stream().map(violation -> operation + " request: " + violation).toList();
    }

    /** Everything in an answer to {@code request} that the operation's published description does not allow. */
    public List<String> violations(CapturedRequest request, int status, String contentType, byte[] body) {
        Operation operation = operation(request.method(), request.path()).orElseThrow();
        JsonNode responses = operation.node().path("responses");
        String code = Integer.toString(status);
        String key = responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX" : "default";
        if (!responses.has(key)) {
            return List.of(operation + " answer: HTTP " + status + " is not a status the published description declares");
        }
        String pointer = document.target(operation.pointer() + "/responses/" + escape(key));
        JsonNode content = document.root().at(pointer).path("content");
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (content.isEmpty() || body.length == 0) {
            return List.of();
        }
        Optional<String> declared = declaredMediaType(content, mediaType);
        if (declared.isEmpty()) {
            return List.of(operation + " answer: HTTP " + status + " as " + mediaType + ", which is not one of " + content.propertyNames());
        }
        if (!isJson(declared.get())) {
            return List.of();
        }
        return errors(pointer + "/content/" + escape(declared.get()) + "/schema", CapturedRequest.MAPPER.readTree(body)).stream()
                .map(error -> operation + " answer HTTP " + status + ": " + error).toList();
    }

    /**
     * Checks every request the stub received that is for an operation of this description, whatever the stub
     * answered: what an adapter sends must conform in every scenario, its failures' included.
     *
     * @throws AssertionError listing every violation
     */
    public void assertRequestsConform(WireMockServer stub) {
        check(stub, false);
    }

    /**
     * Checks every exchange the stub served that is for an operation of this description: the request, and the
     * answer the stub served for it (its status must be declared, and a JSON body must match the declared schema).
     * Returns the operations seen, so a test can tell that its requests reached them.
     *
     * @throws AssertionError listing every violation
     */
    public Set<String> assertConforms(WireMockServer stub) {
        return check(stub, true);
    }

    private Set<String> check(WireMockServer stub, boolean answers) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> violations = new ArrayList<>();
        for (ServeEvent event : stub.getAllServeEvents()) {
            CapturedRequest request = CapturedRequest.of(event.getRequest());
            Optional<Operation> operation = operation(request.method(), request.path());
            if (operation.isEmpty()) {
                continue;
            }
            seen.add(operation.get().toString());
            violations.addAll(violations(request));
            LoggedResponse response = event.getResponse();
            if (answers && response != null && event.getStubMapping() != null) {
                violations.addAll(violations(request, response.getStatus(), response.getHeaders().getContentTypeHeader().firstValue(),
                        response.getBody()));
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError(provider + "'s published description is not met:\n  " + String.join("\n  ", violations));
        }
        return seen;
    }

    /**
     * The first request the stub received for {@code operation} ({@code method template}), to vary in a deliberately
     * wrong request.
     */
    public CapturedRequest captured(WireMockServer stub, String operation) {
        return stub.getAllServeEvents().reversed().stream().map(event -> CapturedRequest.of(event.getRequest()))
                .filter(request -> operation(request.method(), request.path()).map(Operation::toString).filter(operation::equals)
                        .isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("The stub received no request for " + operation));
    }

    private Optional<String> security(Operation operation, CapturedRequest request) {
        JsonNode requirements = operation.node().has("security") ? operation.node().get("security") : document.root().path("security");
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

    private void parameters(Operation operation, CapturedRequest request, List<String> violations) {
        List<String> pointers = new ArrayList<>();
        String item = "/paths/" + escape(operation.template());
        collectParameters(item + "/parameters", pointers);
        collectParameters(operation.pointer() + "/parameters", pointers);
        for (String pointer : pointers) {
            JsonNode parameter = document.root().at(pointer);
            String name = parameter.path("name").asString();
            String value = switch (parameter.path("in").asString("")) {
                case "header" -> request.headers().get(name.toLowerCase(Locale.ROOT));
                case "query" -> request.query().get(name);
                default -> null;
            };
            if (value == null) {
                if (parameter.path("required").asBoolean(false) && !parameter.path("in").asString("").equals("path")) {
                    violations.add("the required " + parameter.path("in").asString() + " parameter '" + name + "' is missing");
                }
                continue;
            }
            if (parameter.has("schema")) {
                JsonNode typed = bodies.formAsJson(List.of(new CapturedRequest.FormField("value", value, false)),
                        CapturedRequest.MAPPER.createObjectNode().set("properties",
                                CapturedRequest.MAPPER.createObjectNode().set("value", parameter.get("schema")))).get("value");
                errors(pointer + "/schema", typed).forEach(error -> violations.add("parameter '" + name + "': " + error));
            }
        }
    }

    private void collectParameters(String pointer, List<String> pointers) {
        JsonNode parameters = document.root().at(pointer);
        for (int index = 0; index < parameters.size(); index++) {
            pointers.add(document.target(pointer + "/" + index));
        }
    }

    private void body(Operation operation, CapturedRequest request, List<String> violations) {
        if (!operation.node().has("requestBody")) {
            return;
        }
        String pointer = document.target(operation.pointer() + "/requestBody");
        JsonNode requestBody = document.root().at(pointer);
        JsonNode instance = request.json() != null ? request.json()
                : request.form().isEmpty() ? null : bodies.formAsJson(request.form(), schemaAt(requestBody, request.mediaType()));
        if (instance == null) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add("the required body is missing");
            }
            return;
        }
        Optional<String> declared = declaredMediaType(requestBody.path("content"), request.mediaType());
        if (declared.isEmpty()) {
            violations.add("a body of " + request.mediaType() + ", which is not one of " + requestBody.path("content").propertyNames());
            return;
        }
        String schema = pointer + "/content/" + escape(declared.get()) + "/schema";
        violations.addAll(errors(schema, instance));
        bodies.undeclared(instance, document.root().at(schema), "", violations::add);
    }

    private JsonNode schemaAt(JsonNode requestBody, String mediaType) {
        return requestBody.path("content").path(mediaType).path("schema");
    }

    private static Optional<String> declaredMediaType(JsonNode content, String mediaType) {
        for (String declared : content.propertyNames()) {
            String pattern = declared.toLowerCase(Locale.ROOT);
            if (pattern.equals(mediaType) || pattern.equals("*/*")
                    || pattern.endsWith("/*") && mediaType.startsWith(pattern.substring(0, pattern.length() - 1))
                    || mediaType.endsWith("/*") && pattern.startsWith(mediaType.substring(0, mediaType.length() - 1))) {
                return Optional.of(declared);
            }
        }
        return Optional.empty();
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private List<String> errors(String pointer, JsonNode instance) {
        List<Error> errors = registry.getSchema(SchemaLocation.of(uri() + "#" + document.target(pointer))).validate(instance);
        return errors.stream().map(Error::toString).toList();
    }

    private String uri() {
        return HOME + provider + "/openapi.json";
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** One operation of the description: its method and path template. */
    public final class Operation {
        private final String method;
        private final String template;

        private Operation(String method, String template) {
            this.method = method;
            this.template = template;
        }

        public String template() {
            return template;
        }

        String pointer() {
            return "/paths/" + escape(template) + "/" + method;
        }

        JsonNode node() {
            return document.root().at(pointer());
        }

        private long parameterCount() {
            return template.chars().filter(c -> c == '{').count();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }
}
