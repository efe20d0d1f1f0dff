package io.darkroom.e2e;

import static io.darkroom.e2e.Darkroom.DEV_KEY;
import static io.darkroom.e2e.Darkroom.auth;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description at {@code /v1/openapi.json} names exactly the endpoints the api maps, is public, and its
 * reference at {@code /docs} loads without a key and from the api alone. Writes the description to
 * {@code target/openapi/openapi.json}, where the build's lint reads it (decision 019).
 */
class OpenApiIntegrationTests {

    static final Path WRITTEN = Path.of("target", "openapi", "openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]*}");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    private final Darkroom darkroom = Darkroom.shared();

    @Test
    void describesExactlyTheEndpointsTheApiMaps() {
        Set<String> described = new TreeSet<>();
        description().get("paths").properties().forEach(path -> path.getValue().propertyNames().stream().filter(METHODS::contains)
                .forEach(method -> described.add(method.toUpperCase() + " " + normalized(path.getKey()))));
        Set<String> mapped = new TreeSet<>();
        for (HandlerMapping mapping : darkroom.apiBean(DispatcherServlet.class).getHandlerMappings()) { // initialized: it served
            if (mapping instanceof RequestMappingInfoHandlerMapping handlers) {
                handlers.getHandlerMethods().forEach((info, handler) -> {
                    if (isDarkroomsOwn(handler)) {
                        mapped.addAll(endpoints(info));
                    }
                });
            }
        }

        assertThat(mapped).as("endpoints the api maps that the description leaves out").isSubsetOf(described);
        assertThat(described).as("endpoints the description names that the api does not map").isSubsetOf(mapped);
        assertThat(described).noneMatch(endpoint -> endpoint.contains("/actuator")).contains("POST /v1/images/generations",
                "GET /v1/jobs/{}", "GET /v1/models/{}", "GET /hosted/{}", "POST /admin/keys", "GET /admin/providers");
    }

    @Test
    void servesAnOpenApi31DescriptionWithoutAKeyAndWritesItForTheLint() throws IOException {
        HttpResponse<String> response = darkroom.get("/v1/openapi.json");
        JsonNode description = darkroom.json(response);
        Files.createDirectories(WRITTEN.getParent());
        Files.writeString(WRITTEN, response.body(), StandardCharsets.UTF_8);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(description.get("openapi").asString()).startsWith("3.1.");
        JsonNode schemes = description.get("components").get("securitySchemes");
        assertThat(schemes.get("apiKey").get("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.get("adminToken").get("scheme").asString()).isEqualTo("bearer");
        assertThat(description.get("paths").get("/admin/keys").get("get").get("security").get(0).has("adminToken")).isTrue();
        assertThat(description.get("paths").get("/hosted/{imageId}").get("get").get("security")).isEmpty();
    }

    @Test
    void describesTheWireShapesPreferAndErrors() {
        JsonNode description = description();
        JsonNode generate = description.get("paths").get("/v1/images/generations").get("post");
        JsonNode schemas = description.get("components").get("schemas");

        assertThat(generate.get("parameters").valueStream().map(parameter -> parameter.get("name").asString())).contains("Prefer");
        assertThat(generate.get("responses").get("200").get("content").propertyNames()).contains("application/json", "text/event-stream");
        assertThat(generate.get("responses").get("202").get("content").get("application/json").get("schema").get("$ref").asString())
                .endsWith("/JobView");
        assertThat(generate.get("responses").get("400").get("$ref").asString()).isEqualTo("#/components/responses/InvalidRequest");
        assertThat(generate.get("requestBody").get("content").get("application/json").get("examples")).isNotEmpty();
        assertThat(schemas.get("GenerationBody").get("properties").propertyNames()).contains("response_format", "partial_images", "webhook_url");
        assertThat(schemas.get("ErrorDetail").get("properties").propertyNames()).containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(description.get("paths").get("/v1/jobs/{jobId}").get("get").get("parameters").valueStream()
                .map(parameter -> parameter.get("name").asString())).contains("Prefer");
    }

    @Test
    void docsServeTheBundledUiWithoutAKey() {
        HttpResponse<String> docs = darkroom.get("/docs");
        String ui = docs.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = darkroom.get(ui);
        String uiFolder = ui.substring(0, ui.lastIndexOf('/') + 1);

        assertThat(docs.statusCode()).isEqualTo(302);
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher assets = ASSET.matcher(page.body());
        int loaded = 0;
        while (assets.find()) {
            String asset = assets.group(1);
            assertThat(asset).as("the UI loads its assets from the api, not a CDN").doesNotContain("//");
            assertThat(darkroom.get(uiFolder + asset.replaceFirst("^\\./", "")).statusCode()).as(asset).isEqualTo(200);
            loaded++;
        }
        assertThat(loaded).isGreaterThanOrEqualTo(4);
        assertThat(darkroom.get(uiFolder + "swagger-initializer.js").body()).contains("/v1/openapi.json/swagger-config");
        JsonNode config = darkroom.json(darkroom.get("/v1/openapi.json/swagger-config"));
        assertThat(config.get("url").asString()).isEqualTo("/v1/openapi.json");
        assertThat(config.get("validatorUrl").asString()).as("no call to the online validator").isEqualTo("none");
    }

    @Test
    void keyStillGuardsEverythingElseUnderV1() {
        assertThat(darkroom.get("/v1/openapi.json.yaml").statusCode()).isEqualTo(401);
        assertThat(darkroom.get("/v1/openapi.json/other").statusCode()).isEqualTo(401);
        assertThat(darkroom.get("/v1/models").statusCode()).isEqualTo(401);
        assertThat(darkroom.get("/v1/models", auth(DEV_KEY)).statusCode()).isEqualTo(200);
    }

    private JsonNode description() {
        return darkroom.json(darkroom.get("/v1/openapi.json"));
    }

    /** Everything but springdoc's own handlers (the description and the UI), Spring Boot's error page and actuator. */
    private static boolean isDarkroomsOwn(HandlerMethod handler) {
        return handler.getBeanType().getPackageName().startsWith("io.darkroom.");
    }

    private static Set<String> endpoints(RequestMappingInfo info) {
        Set<String> endpoints = new TreeSet<>();
        for (String pattern : info.getPathPatternsCondition().getPatternValues()) {
            if (info.getMethodsCondition().getMethods().isEmpty()) {
                endpoints.add("ANY " + normalized(pattern)); // described by no single operation: fails the comparison
            }
            info.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method.name() + " " + normalized(pattern)));
        }
        return endpoints;
    }

    /** A path template with its variables unnamed; Spring's {@code /**} is one variable (a model id holds a slash). */
    private static String normalized(String template) {
        return VARIABLE.matcher(template).replaceAll("{}").replace("/**", "/{}");
    }
}
