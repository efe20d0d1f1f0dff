package io.darkroom.api.auth;

import io.darkroom.api.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Creates the development key named by {@code darkroom.api.dev-key}, when one is configured. */
@Component
class DevKeyBootstrap implements ApplicationRunner {

    static final String DEV_KEY_ID = "key_development";
    private static final Logger log = LoggerFactory.getLogger(DevKeyBootstrap.class);

    private final ApiKeyStore keys;
    private final ApiProperties properties;
    private final String tier;

    DevKeyBootstrap(ApiKeyStore keys, ApiProperties properties, io.darkroom.api.limits.TiersProperties tiers) {
        this.keys = keys;
        this.properties = properties;
        this.tier = tiers.devKeyTier();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.devKey().isEmpty()) {
            return;
        }
        keys.ensure(DEV_KEY_ID, "development", properties.devKey(), tier);
        log.warn("The development API key is enabled (id {}); never set darkroom.api.dev-key in production", DEV_KEY_ID);
    }
}
