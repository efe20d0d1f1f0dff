package io.darkroom.worker.provider.contract;

import static io.darkroom.worker.provider.contract.DescriptionSchemas.escape;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.ContentTypeHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A provider's published API description ({@code contracts/<provider>/openapi.json} on the test class path), and the
 * one place that checks requests and stub answers against it: the operation (method and path, the server's base path
 * included), its security scheme, its required header and query parameters, and its body by JSON Schema (networknt,
 * in the document's own OpenAPI 3.0 or 3.1 dialect), plus the fields a closed schema does not declare (see
 * {@link RequestBodies}). Answers are checked by status and media type, and JSON ones by schema.
 */
public final class ProviderContract {

    private final String provider;
    private final DescriptionSchemas schemas;
    private final SchemaDocument document;
    private final RequestChecks requests;
    private final String basePath;

    private ProviderContract(String provider, String text) {
        this.provider = provider;
        this.schemas = new DescriptionSchemas(provider, text);
        this.document = schemas.document();
        this.requests = new RequestChecks(schemas);
        String server = document.root().path("servers").path(0).path("url").asString("");
        String path = server.isEmpty() ? "" : URI.create(server).getRawPath();
        this.basePath = path == null || path.equals("/") ? "" : path.replaceAll("/$", "");
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

    /**
     * The operation {@code method path} is for, as {@code method template} (e.g. {@code post /images/edits}): the
     * path is matched against the server's base path and each template, literal templates before templated ones.
     */
    public Optional<Operation> operation(String method, String path) {
        Operation best = null;
        for (String template : document.root().path("paths").propertyNames()) {
            if (document.root().path("paths").path(template).has(method) && matches(basePath + template, path)) {
                Operation candidate = new Operation(method, template);
                if (best == null || candidate.parameterCount() < best.parameterCount()) {
                    best = candidate;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(String template, String path) {
        return path.matches(Pattern.quote(template).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q"));
    }

    /** Everything in {@code request} that its operation's published description does not allow; empty when it conforms. */
    public List<String> violations(CapturedRequest request) {
        Optional<Operation> found = operation(request.method(), request.path());
        if (found.isEmpty()) {
            return List.of(request.describe() + ": no such operation in " + provider + "'s published description");
        }
        Operation operation = found.get();
        return requests.violations(operation.template(), operation.pointer(), request).stream()
                .map(violation -> operation + " request: " + violation).toList();
    }

    /** Everything in an answer to {@code request} that the operation's published description does not allow. */
    public List<String> violations(CapturedRequest request, int status, String contentType, byte[] body) {
        Operation operation = operation(request.method(), request.path()).orElseThrow();
        Optional<String> key = operation.responseKey(status);
        if (key.isEmpty()) {
            return List.of(operation + " answer: HTTP " + status + " is not a status the published description declares");
        }
        String pointer = document.target(operation.pointer() + "/responses/" + escape(key.get()));
        JsonNode content = document.root().at(pointer).path("content");
        if (content.isEmpty() || body.length == 0) {
            return List.of();
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        Optional<String> declared = DescriptionSchemas.declaredMediaType(content, mediaType);
        if (declared.isEmpty()) {
            return List.of(operation + " answer: HTTP " + status + " as " + mediaType + ", which is not one of " + content.propertyNames());
        }
        if (!DescriptionSchemas.isJson(declared.get())) {
            return List.of();
        }
        return schemas.errors(pointer + "/content/" + escape(declared.get()) + "/schema", CapturedRequest.MAPPER.readTree(body))
                .stream().map(error -> operation + " answer HTTP " + status + ": " + error).toList();
    }

    /**
     * Checks every exchange the stub served that is for an operation of this description, in any scenario (failures
     * included): every request, and every answer whose status the description declares (an answer of a status it
     * does not describe, such as a proxy's plain-text 503, is left alone).
     *
     * @throws AssertionError listing every violation
     */
    public void assertConformsWhereDescribed(WireMockServer stub) {
        check(stub, false);
    }

    /**
     * Checks every exchange the stub served that is for an operation of this description: the request, and the
     * answer, whose status must be declared and whose JSON body must match the declared schema. Returns the
     * operations seen, so a test can tell that its requests reached them.
     *
     * @throws AssertionError listing every violation
     */
    public Set<String> assertConforms(WireMockServer stub) {
        return check(stub, true);
    }

    private Set<String> check(WireMockServer stub, boolean everyStatusDescribed) {
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
            if (response != null && event.getStubMapping() != null
                    && (everyStatusDescribed || operation.get().describes(response.getStatus()))) {
                ContentTypeHeader contentType = response.getHeaders().getContentTypeHeader();
                violations.addAll(violations(request, response.getStatus(), contentType.isPresent() ? contentType.firstValue() : null,
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

        /** The key of {@code status}'s answer in the operation's {@code responses}: the code, its range, or default. */
        Optional<String> responseKey(int status) {
            JsonNode responses = node().path("responses");
            String code = Integer.toString(status);
            return Stream.of(code, code.charAt(0) + "XX", "default").filter(responses::has).findFirst();
        }

        boolean describes(int status) {
            return responseKey(status).isPresent();
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
