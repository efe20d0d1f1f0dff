package io.darkroom.worker.provider.contract;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request as an adapter sent it to the stub, read once: method, path, query, headers (names in lower case), media
 * type, and the body parsed as JSON or as {@code multipart/form-data} fields (both null/empty otherwise). The
 * {@code with...} methods make the deliberately wrong variants that prove a contract can fail.
 */
public record CapturedRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
        String mediaType, JsonNode json, List<FormField> form) {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** A {@code multipart/form-data} part: a plain field's value, or a file's name and size. */
    public record FormField(String name, String value, boolean file) {
    }

    /** The request WireMock logged. */
    public static CapturedRequest of(LoggedRequest request) {
        URI uri = URI.create(request.getUrl());
        Map<String, String> query = new LinkedHashMap<>();
        request.getQueryParams().forEach((name, values) -> query.put(name, values.firstValue()));
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key().toLowerCase(Locale.ROOT), header.firstValue());
        }
        String contentType = headers.getOrDefault("content-type", "");
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode json = null;
        List<FormField> form = List.of();
        if (mediaType.equals("application/json") && request.getBody().length > 0) {
            json = MAPPER.readTree(request.getBody());
        } else if (mediaType.equals("multipart/form-data")) {
            form = fields(request);
        }
        return new CapturedRequest(request.getMethod().getName().toLowerCase(Locale.ROOT), uri.getRawPath(), Map.copyOf(query),
                Map.copyOf(headers), mediaType, json, form);
    }

    private static List<FormField> fields(LoggedRequest request) {
        List<FormField> fields = new ArrayList<>();
        for (Request.Part part : request.getParts()) {
            byte[] body = part.getBody().asBytes();
            boolean file = part.getFileName() != null;
            fields.add(new FormField(part.getName(), file ? part.getFileName() + " (" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8), file));
        }
        return List.copyOf(fields);
    }

    /** This request with {@code field} of its JSON body set to {@code value} (a path of object fields, dot-separated). */
    public CapturedRequest withJsonField(String field, Object value) {
        ObjectNode copy = (ObjectNode) json.deepCopy();
        String[] names = field.split("\\.");
        ObjectNode target = copy;
        for (int index = 0; index < names.length - 1; index++) {
            target = (ObjectNode) target.get(names[index]);
        }
        target.set(names[names.length - 1], MAPPER.valueToTree(value));
        return new CapturedRequest(method, path, query, headers, mediaType, copy, form);
    }

    /** This request with one more plain form field. */
    public CapturedRequest withFormField(String name, String value) {
        List<FormField> fields = new ArrayList<>(form);
        fields.removeIf(field -> field.name().equals(name));
        fields.add(new FormField(name, value, false));
        return new CapturedRequest(method, path, query, headers, mediaType, json, List.copyOf(fields));
    }

    /** This request without the header {@code name}. */
    public CapturedRequest withoutHeader(String name) {
        Map<String, String> fewer = new LinkedHashMap<>(headers);
        fewer.remove(name.toLowerCase(Locale.ROOT));
        return new CapturedRequest(method, path, query, Map.copyOf(fewer), mediaType, json, form);
    }

    /** {@code method path}, as the contract names operations. */
    public String describe() {
        return method + " " + path;
    }
}
