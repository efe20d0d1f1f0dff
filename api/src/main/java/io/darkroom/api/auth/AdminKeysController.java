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
import org.springframework.web.bind.annotation.PatchMapping;
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
    private final io.darkroom.api.limits.TiersProperties tiers;

    AdminKeysController(ApiKeyStore keys, AdminToken adminToken, io.darkroom.api.limits.TiersProperties tiers) {
        this.keys = keys;
        this.adminToken = adminToken;
        this.tiers = tiers;
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
        String tier = body == null ? null : checkedTier(body.tier());
        ApiKeyStore.CreatedKey created = keys.create(name, tier);
        return new CreatedKeyView(created.key().id(), created.key().name(), created.key().createdAt().getEpochSecond(), created.key().tier(),
                created.secret());
    }

    /**
     * Changes a key's tier ({@code {"tier": "pro"}}) and/or its budget ({@code {"budget": {"daily_usd": 5,
     * "monthly_usd": 100}}}, a missing or null cap is none); it applies to the key's next request.
     */
    @Operation(operationId = "updateApiKey", summary = "Change an API key's tier or budget",
            description = "`{\"tier\": \"pro\"}` and/or `{\"budget\": {\"daily_usd\": 5, \"monthly_usd\": 100}}` (a null cap is none); "
                    + "applies to the key's next request.")
    @ApiResponse(responseCode = "200", description = "What changed.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = KeyChanged.class)))
    @ApiResponse(responseCode = "400", ref = ErrorResponses.INVALID_REQUEST)
    @ApiResponse(responseCode = "404", ref = ErrorResponses.NOT_FOUND)
    @PatchMapping("/{keyId}")
    KeyChanged update(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String keyId, @RequestBody(required = false) KeyChange body) {
        adminToken.require(authorization);
        if (body == null || body.tier() == null && body.budget() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "tier", "missing_required_parameter",
                    "Send 'tier', 'budget' or both.");
        }
        String tier = checkedTier(body.tier());
        Caller.Budget budget = body.budget() == null ? null : body.budget().checked();
        if (tier != null && !keys.setTier(keyId, tier) || budget != null && !keys.setBudget(keyId, budget)) {
            throw ApiException.notFound("key", keyId);
        }
        return new KeyChanged(keyId, tier, body.budget());
    }

    /** The tier named, checked against the configured tiers; null when none is named. */
    private String checkedTier(String tier) {
        if (tier == null) {
            return null;
        }
        if (tiers.find(tier).isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "tier", "invalid_value", "Invalid value: '" + tier
                    + "'. Configured tiers are: " + String.join(", ", tiers.tiers().keySet().stream().sorted().toList()) + ".");
        }
        return tier;
    }

    @Operation(operationId = "listApiKeys", summary = "List API keys")
    @ApiResponse(responseCode = "200", description = "Every key, without secrets.", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyList.class)))
    @GetMapping
    KeyList list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        adminToken.require(authorization);
        return new KeyList(keys.list().stream()
                .map(key -> new KeyView(key.id(), key.name(), key.createdAt().getEpochSecond(), key.tier())).toList());
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


    record NewKey(String name, String tier) {
    }

    record KeyChange(String tier, BudgetChange budget) {
    }

    /** Caps in USD; null is no cap. */
    record BudgetChange(java.math.BigDecimal dailyUsd, java.math.BigDecimal monthlyUsd) {

        Caller.Budget checked() {
            return new Caller.Budget(micros("budget.daily_usd", dailyUsd), micros("budget.monthly_usd", monthlyUsd));
        }

        private static long micros(String param, java.math.BigDecimal usd) {
            if (usd == null) {
                return 0;
            }
            if (usd.signum() <= 0 || usd.compareTo(java.math.BigDecimal.valueOf(1_000_000_000)) > 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_value",
                        "Invalid '" + param + "': expected a positive amount of USD (or null for no cap).");
            }
            return usd.movePointRight(6).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        }
    }

    record KeyChanged(String id, String tier, BudgetChange budget) {
    }

    record KeyView(String id, String name, long createdAt, String tier) {
    }

    record CreatedKeyView(String id, String name, long createdAt, String tier, String secret) {
    }

    record KeyList(List<KeyView> data) {
    }

    record KeyDeleted(String id, boolean deleted) {
    }
}
