package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerGroupsSettingsTest {

    @TempDir Path dir;

    private Settings yaml(String text) throws Exception {
        return SettingsLoader.load(Files.writeString(dir.resolve("settings.yaml"), text));
    }

    @Test
    void kafkasDefaultsWhenLeftOut() throws Exception {
        var groups = yaml("{}").groups();

        assertThat(groups).isEqualTo(GroupSettings.defaults());
        assertThat(groups.minSessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(groups.maxSessionTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(groups.maxMembers()).isEqualTo(1000);
        assertThat(groups.maxMetadataBytes()).isEqualTo(4096);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        var groups =
                yaml("consumer_groups:\n  min_session_timeout: 1s\n"
                                + "  max_session_timeout: 2min\n  max_members: 3\n"
                                + "  max_offset_metadata: 1KiB\n")
                        .groups();

        assertThat(groups)
                .isEqualTo(
                        new GroupSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), 3, 1024));
    }

    @Test
    void aMaximumBelowTheMinimumNamesTheKey() {
        assertThatThrownBy(
                        () ->
                                yaml(
                                        "consumer_groups:\n  min_session_timeout: 10s\n"
                                                + "  max_session_timeout: 5s\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("settings.yaml")
                .hasMessageContaining("consumer_groups.max_session_timeout");
    }

    @Test
    void anUnknownKeyIsReported() {
        assertThatThrownBy(() -> yaml("consumer_groups:\n  session_timeout: 10s\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("session_timeout");
    }
}
