package io.darkroom.api.idempotency;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes two requests "the same request" for an {@code Idempotency-Key}: the method, the path and the
 * body's content, not its bytes. A JSON body counts by its value (the order of its keys and its spacing do not
 * matter); a multipart body by its parts (names, file names, types and bytes), not by its boundary, which
 * clients choose anew for each attempt.
 */
final class RequestFingerprint {

    private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private RequestFingerprint() {
    }

    /** The hex SHA-256 of a JSON (or any non-multipart) request with this body. */
    static String of(HttpServletRequest request, byte[] body) {
        MessageDigest digest = sha256();
        digest.update((request.getMethod() + ' ' + request.getRequestURI() + '\n').getBytes(StandardCharsets.UTF_8));
        digest.update(canonicalJson(body));
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The hex SHA-256 of a multipart request, from its parts as the container read them. */
    static String ofParts(HttpServletRequest request) throws IOException, ServletException {
        MessageDigest digest = sha256();
        digest.update((request.getMethod() + ' ' + request.getRequestURI() + '\n').getBytes(StandardCharsets.UTF_8));
        for (Part part : request.getParts()) {
            digest.update((part.getName() + '\n' + part.getSubmittedFileName() + '\n' + part.getContentType() + '\n' + part.getSize() + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            try (InputStream content = part.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of an {@code Idempotency-Key} header's value, so any key fits in a Redis key name. */
    static String ofKey(String idempotencyKey) {
        return HexFormat.of().formatHex(sha256().digest(idempotencyKey.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] canonicalJson(byte[] body) {
        try {
            return CANONICAL.writeValueAsBytes(CANONICAL.readValue(body, Object.class));
        } catch (JacksonException notJson) {
            return body;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
