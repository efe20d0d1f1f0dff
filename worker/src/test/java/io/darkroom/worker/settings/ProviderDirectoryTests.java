package io.darkroom.worker.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderDirectoryTests {

    private static final ProvidersProperties.Defaults DEFAULTS = new ProvidersProperties.Defaults(Duration.ofSeconds(10),
            Duration.ofSeconds(120), Duration.ofSeconds(1), Duration.ofMinutes(10), 8, 3, java.util.List.of());
    private static final Set<String> PROVIDERS = Set.of("local", "openai", "fal");

    @Test
    void providerWithoutAKeyIsDisabledAndLocalNeedsNone() {
        ProviderDirectory directory = new ProviderDirectory(new ProvidersProperties(DEFAULTS, Map.of()), PROVIDERS);

        assertThat(directory.enabled()).containsExactly("local");
        assertThat(directory.settings("openai").baseUrl().toString()).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void keyFromConfigurationOrFromASecretFileEnablesTheProvider(@TempDir Path secrets) throws IOException {
        Path falKey = Files.writeString(secrets.resolve("fal"), "fal-secret\n");
        ProviderDirectory directory = new ProviderDirectory(new ProvidersProperties(DEFAULTS, Map.of(
                "openai", instance("sk-test", null, null),
                "fal", instance(null, falKey, 2))), PROVIDERS);

        assertThat(directory.enabled()).containsExactlyInAnyOrder("local", "openai", "fal");
        assertThat(directory.settings("fal").apiKey()).isEqualTo("fal-secret");
        assertThat(directory.settings("fal").concurrency()).isEqualTo(2);
        assertThat(directory.settings("openai").concurrency()).isEqualTo(8);
    }

    @Test
    void settingsNeverShowTheKey() {
        ProviderDirectory directory = new ProviderDirectory(new ProvidersProperties(DEFAULTS, Map.of(
                "openai", instance("sk-very-secret", null, null))), PROVIDERS);

        assertThat(directory.settings("openai").toString()).doesNotContain("sk-very-secret").contains("****");
        assertThat(instance("sk-very-secret", null, null).toString()).doesNotContain("sk-very-secret");
    }

    @Test
    void unknownProviderIsRefused() {
        ProviderDirectory directory = new ProviderDirectory(new ProvidersProperties(DEFAULTS, Map.of()), PROVIDERS);

        assertThatThrownBy(() -> directory.settings("acme")).isInstanceOf(IllegalArgumentException.class);
        assertThat(directory.isEnabled("acme")).isFalse();
    }

    private static ProvidersProperties.Instance instance(String key, Path keyFile, Integer concurrency) {
        return new ProvidersProperties.Instance(null, key, keyFile, null, null, null, null, concurrency, null, null, null);
    }
}
