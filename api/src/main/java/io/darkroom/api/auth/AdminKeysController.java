package io.darkroom.api.auth;

import io.darkroom.api.errors.ApiException;
import io.darkroom.api.openapi.ErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Creates, lists and revokes API keys, behind {@code Authorization: Bearer <darkroom.api.admin-token>}.
 * Without a configured admin token these endpoints answer 404, as if absent.
 */
@RestController
@RequestMapping("/admin/keys")
class AdminKeysController {

    private final ApiKeyStore keys;
    private final AdminToken adminToken;

    AdminKeysController(ApiKeyStore keys, AdminToken adminToken) {
        this.keys = keys;
        this.adminToken = adminToken;
    }

    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "The secret is shown once, in this answer; only its hash is stored.")
    @ApiResponse(responseCode = "201", description = "The key, with its secret.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedKeyView.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKeyView create(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) NewKey body) {
        adminToken.require(authorization);
        String name = body == null || body.name() == null || body.name().isBlank() ? "unnamed" : body.name().strip();
        if (name.length() > 100) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "name", "string_above_max_length",
                    "A key's name may have at most 100 characters.");
        }
        ApiKeyStore.CreatedKey created = keys.create(name);
        return new CreatedKeyView(created.key().id(), created.key().name(), created.key().createdAt().getEpochSecond(), created.secret());
    }

    @Operation(operationId = "listApiKeys", summary = "List API keys")
    @ApiResponse(responseCode = "200", description = "Every key, without secrets.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyList.class)))
    @GetMapping
    KeyList list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        adminToken.require(authorization);
        return new KeyList(keys.list().stream()
                .map(key -> new KeyView(key.id(), key.name(), key.createdAt().getEpochSecond())).toList());
    }

    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key")
    @ApiResponse(responseCode = "200", description = "The key no longer authenticates.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyDeleted.class)))
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @DeleteMapping("/{keyId}")
    KeyDeleted revoke(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String keyId) {
        adminToken.require(authorization);
        if (!keys.revoke(keyId)) {
            throw ApiException.notFound("key", keyId);
        }
        return new KeyDeleted(keyId, true);
    }


    record NewKey(String name) {
    }

    record KeyView(String id, String name, long createdAt) {
    }

    record CreatedKeyView(String id, String name, long createdAt, String secret) {
    }

    record KeyList(List<KeyView> data) {
    }

    record KeyDeleted(String id, boolean deleted) {
    }
}
