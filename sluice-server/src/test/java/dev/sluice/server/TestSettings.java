package dev.sluice.server;

import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.StorageSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Settings for a test server on a free local port. */
final class TestSettings {

    private TestSettings() {}

    /**
     * Settings for a server with these plugins, in this order, with limits generous enough that a
     * loaded machine never times a correct plugin out.
     */
    static Settings withPlugins(List<Path> plugins, StorageSettings storage) {
        return new Settings(
                "test settings",
                0,
                "127.0.0.1",
                true,
                plugins,
                Optional.empty(),
                PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(5)).build(),
                Map.of(),
                Optional.empty(),
                OptionalLong.empty(),
                true,
                storage,
                HttpSettings.defaults());
    }

    /**
     * Settings for a server with these plugins, durable storage in {@code dataDir}, and the Kafka
     * listener on a free port.
     */
    static Settings withKafka(List<Path> plugins, Path dataDir) {
        return withPlugins(plugins, StorageSettings.disk(dataDir)).withKafka(KafkaSettings.on(0));
    }

    static Settings withoutPlugins(StorageSettings storage, HttpSettings http) {
        return new Settings(
                "test settings",
                0,
                "127.0.0.1",
                false,
                List.of(),
                Optional.empty(),
                PluginSettings.defaults(),
                Map.of(),
                Optional.empty(),
                OptionalLong.empty(),
                false,
                storage,
                http);
    }
}
