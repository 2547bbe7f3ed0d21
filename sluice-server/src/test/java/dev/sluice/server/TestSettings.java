package dev.sluice.server;

import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.StorageSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Settings for a server with no plugins on a free local port, with the given limits. */
final class TestSettings {

    private TestSettings() {}

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
