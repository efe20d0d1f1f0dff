package io.darkroom.api.auth;

import io.darkroom.api.ApiProperties;
import io.darkroom.api.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Guards the {@code /admin} endpoints: {@code Authorization: Bearer <darkroom.api.admin-token>}, compared in
 * constant time. Without a configured token they answer 404, as if absent.
 */
@Component
public class AdminToken {

    private final byte[] token;

    AdminToken(ApiProperties properties) {
        this.token = properties.adminToken().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ApiException 404 when admin is disabled, 401 for a missing or wrong token */
    public void require(String authorization) {
        if (token.length == 0) {
            throw new ApiException(HttpStatus.NOT_FOUND, "invalid_request_error", null, "unknown_url",
                    "Unknown request URL (admin endpoints are disabled: set darkroom.api.admin-token).");
        }
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_request_error", null, "invalid_admin_token",
                    "This endpoint needs 'Authorization: Bearer <admin token>'.");
        }
    }
}
