package io.darkroom.worker.provider.contract;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One description's schemas, validated with networknt's JSON Schema validator in the document's own OpenAPI dialect:
 * the document is registered under a made-up URI, so a schema is named by its JSON pointer in it and every local
 * {@code $ref} resolves as the document means.
 */
final class DescriptionSchemas {

    private static final String HOME = "https://contracts.darkroom.test/";
    private static final int SHOWN = 80;

    private final SchemaDocument document;
    private final SchemaRegistry registry;
    private final String uri;

    DescriptionSchemas(String provider, String text) {
        this.document = new SchemaDocument(CapturedRequest.MAPPER.readTree(text));
        this.uri = HOME + provider + "/openapi.json";
        this.registry = SchemaRegistry.withDefaultDialect(dialect(document.root()), builder -> builder.schemas(Map.of(uri, text)));
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

    SchemaDocument document() {
        return document;
    }

    /** Every way {@code instance} breaks the schema at {@code pointer}, one line each ({@code /width: multipleOf 32, found 1000}). */
    List<String> errors(String pointer, JsonNode instance) {
        List<Error> errors = registry.getSchema(SchemaLocation.of(uri + "#" + document.target(pointer))).validate(instance);
        return errors.stream().map(DescriptionSchemas::describe).toList();
    }

    private static String describe(Error error) {
        String at = error.getInstanceLocation().toString();
        String where = at.isEmpty() ? "/" : at;
        if ("required".equals(error.getKeyword())) {
            return where + ": the required field '" + error.getArguments()[0] + "' is missing";
        }
        String found = String.valueOf(error.getInstanceNode());
        return where + ": " + error.getKeyword() + " " + error.getSchemaNode() + ", found "
                + (found.length() > SHOWN ? found.substring(0, SHOWN) + "..." : found);
    }

    /** The declared media type of {@code content} that {@code mediaType} is, wildcards ({@code image/*}) either way. */
    static Optional<String> declaredMediaType(JsonNode content, String mediaType) {
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

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    /** {@code key} as one JSON pointer segment. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
