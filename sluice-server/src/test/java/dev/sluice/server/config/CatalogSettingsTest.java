package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code catalog:} block: defaults, paths relative to the settings file, bad values named. */
class CatalogSettingsTest {

    @TempDir Path dir;

    private CatalogSettings load(String yaml) throws Exception {
        return SettingsLoader.load(Files.writeString(dir.resolve("s.yaml"), yaml))
                .admin()
                .catalog();
    }

    @Test
    void noBlockMeansNoCatalogAndTheDefaultLimits() throws Exception {
        var c = load("rest_port: 0\n");
        assertThat(c.url()).isEmpty();
        assertThat(c.trustedKeys()).isEmpty();
        assertThat(c.maxIndexBytes()).isEqualTo(1L << 20);
        assertThat(c.maxDownloadBytes()).isEqualTo(64L << 20);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void foldersAndKeyFilesAreRelativeToTheSettingsFileAndUrlsAndInlineKeysAreKept()
            throws Exception {
        var c =
                load(
                        """
                        catalog:
                          url: cat
                          trusted_keys: [keys/a.pub, "ed25519:MCowBQYDK2VwAyEA"]
                          max_index: 64KiB
                          max_download: 2MiB
                          timeout: 2s
                        """);
        assertThat(c.url()).contains(dir.resolve("cat").toString());
        assertThat(c.trustedKeys())
                .isEqualTo(
                        List.of(dir.resolve("keys/a.pub").toString(), "ed25519:MCowBQYDK2VwAyEA"));
        assertThat(c.maxIndexBytes()).isEqualTo(64 * 1024);
        assertThat(c.maxDownloadBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(load("catalog: { url: 'https://plugins.example.com/index.json' }\n").url())
                .contains("https://plugins.example.com/index.json");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> load("catalog: { timeout: 0s }\n"))
                .hasMessageContaining("catalog.timeout");
        assertThatThrownBy(() -> load("catalog: { max_index: lots }\n"))
                .hasMessageContaining("catalog.max_index");
        assertThatThrownBy(() -> load("catalog: { url: '' }\n"))
                .hasMessageContaining("catalog.url");
        assertThatThrownBy(() -> load("catalog: { trusted: [] }\n"))
                .hasMessageContaining("catalog.trusted")
                .hasMessageContaining("trusted_keys");
    }
}
