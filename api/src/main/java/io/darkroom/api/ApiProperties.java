package io.darkroom.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The api's settings, under {@code darkroom.api.*}.
 *
 * @param adminToken    bearer token of the {@code /admin} endpoints; empty disables them
 * @param devKey        an API key ({@code dr_...}) created at start-up for local development; empty for none
 * @param publicBaseUrl the base of hosted image URLs, for example {@code https://images.example.com};
 *                      empty to derive it from each request
 * @param maxSyncWait   how long a default (synchronous) call waits before answering 504 with the job id
 * @param maxPreferWait the cap on {@code Prefer: wait=N}
 * @param pollInterval  how often a waiting caller re-reads Redis in case a completion event was lost
 */
@ConfigurationProperties("darkroom.api")
public record ApiProperties(
        @DefaultValue("") String adminToken,
        @DefaultValue("") String devKey,
        @DefaultValue("") String publicBaseUrl,
        @DefaultValue("10m") Duration maxSyncWait,
        @DefaultValue("10m") Duration maxPreferWait,
        @DefaultValue("2s") Duration pollInterval) {

    public ApiProperties {
        if (!devKey.isEmpty() && (!devKey.startsWith("dr_") || devKey.length() < 16)) {
            throw new IllegalArgumentException("darkroom.api.dev-key must start with 'dr_' and be at least 16 characters");
        }
        if (!adminToken.isEmpty() && adminToken.length() < 16) {
            throw new IllegalArgumentException("darkroom.api.admin-token must be at least 16 characters");
        }
    }
}
