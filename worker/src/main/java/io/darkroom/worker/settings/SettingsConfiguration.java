package io.darkroom.worker.settings;

import io.darkroom.model.ModelCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The providers' resolved settings, from {@code darkroom.providers.*}. */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    ProviderDirectory providerDirectory(ProvidersProperties properties, ModelCatalog catalog) {
        return new ProviderDirectory(properties, catalog.providers());
    }
}
