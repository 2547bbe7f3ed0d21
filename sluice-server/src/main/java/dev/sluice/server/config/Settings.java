package dev.sluice.server.config;

import dev.sluice.event.EventLimits;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.PluginSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The server's validated settings.
 *
 * @param source the file they came from, for messages (or a description when built in code)
 * @param restPort the HTTP port; 0 picks a free one
 * @param restAddress the address to bind
 * @param pluginsEnabled false to load no plugins at all ({@code plugin.enabled: false})
 * @param pluginPaths explicit plugin files, loaded first, in this order
 * @param pluginDirectory a folder whose {@code *.wasm} files are loaded next, in name order
 * @param defaults the limits every plugin gets unless overridden
 * @param overrides per-plugin settings by plugin name, already merged with the defaults
 * @param compileCache where compiled plugins are kept between runs ({@code plugin.compile_cache})
 * @param maxTotalMemory the memory all plugin instances may reserve together ({@code
 *     plugin.max_total_memory}); empty for the engine's default, half the heap
 * @param requireAll refuse to start when a configured plugin cannot be loaded ({@code
 *     plugin.require_all}); otherwise it holds its place as FAILED
 * @param storage how much the topic log may hold ({@code storage:})
 * @param http limits on HTTP clients ({@code http:})
 * @param watch whether plugin files are followed on disk ({@code plugin.watch})
 * @param state where plugins' state is kept and its default limits ({@code state:}, {@code
 *     data_dir}); settings made in code without it keep state in memory
 * @param events the event bus's bounds ({@code events:})
 * @param httpClient limits on the outgoing requests plugins make ({@code http_client:})
 * @param kafka the Kafka protocol listener ({@code kafka_port}, {@code kafka:}); settings made in
 *     code without it have none
 * @param admin the management API ({@code admin:}); off for settings made in code
 * @param groups bounds on the Kafka consumer groups the broker coordinates ({@code
 *     consumer_groups:})
 */
public record Settings(
        String source,
        int restPort,
        String restAddress,
        boolean pluginsEnabled,
        List<Path> pluginPaths,
        Optional<Path> pluginDirectory,
        PluginSettings defaults,
        Map<String, PluginSettings> overrides,
        Optional<Path> compileCache,
        OptionalLong maxTotalMemory,
        boolean requireAll,
        StorageSettings storage,
        HttpSettings http,
        WatchSettings watch,
        StateSettings state,
        EventLimits events,
        HttpClientLimits httpClient,
        KafkaSettings kafka,
        AdminSettings admin,
        GroupSettings groups) {

    public static final int DEFAULT_PORT = 30005;

    /** Settings keeping plugins' state in memory, not watching files, with the bus's defaults. */
    public Settings(
            String source,
            int restPort,
            String restAddress,
            boolean pluginsEnabled,
            List<Path> pluginPaths,
            Optional<Path> pluginDirectory,
            PluginSettings defaults,
            Map<String, PluginSettings> overrides,
            Optional<Path> compileCache,
            OptionalLong maxTotalMemory,
            boolean requireAll,
            StorageSettings storage,
            HttpSettings http) {
        this(
                source,
                restPort,
                restAddress,
                pluginsEnabled,
                pluginPaths,
                pluginDirectory,
                defaults,
                overrides,
                compileCache,
                maxTotalMemory,
                requireAll,
                storage,
                http,
                WatchSettings.off(),
                StateSettings.memory(),
                EventLimits.defaults(),
                HttpClientLimits.defaults(),
                KafkaSettings.off(),
                AdminSettings.off(),
                GroupSettings.defaults());
    }

    /** Settings with the default memory budget, storage and HTTP limits. */
    public Settings(
            String source,
            int restPort,
            String restAddress,
            boolean pluginsEnabled,
            List<Path> pluginPaths,
            Optional<Path> pluginDirectory,
            PluginSettings defaults,
            Map<String, PluginSettings> overrides,
            Optional<Path> compileCache) {
        this(
                source,
                restPort,
                restAddress,
                pluginsEnabled,
                pluginPaths,
                pluginDirectory,
                defaults,
                overrides,
                compileCache,
                OptionalLong.empty(),
                false,
                StorageSettings.defaults(),
                HttpSettings.defaults());
    }

    public Settings {
        pluginPaths = List.copyOf(pluginPaths);
        overrides = Map.copyOf(overrides);
    }

    /** The settings a plugin of this name runs with. */
    public PluginSettings settingsFor(String pluginName) {
        return overrides.getOrDefault(pluginName, defaults);
    }

    /** The same settings on another port (tests and {@code --port}). */
    public Settings withPort(int port) {
        return toBuilder().restPort(port).build();
    }

    /** The same settings with this management API (tests). */
    public Settings withAdmin(AdminSettings admin) {
        return toBuilder().admin(admin).build();
    }

    /** The same settings with plugins' state kept as given (tests). */
    public Settings withState(StateSettings state) {
        return toBuilder().state(state).build();
    }

    /** The same settings with this Kafka listener (tests, {@code --kafka-port}). */
    public Settings withKafka(KafkaSettings kafka) {
        return toBuilder().kafka(kafka).build();
    }

    /** The same settings with these consumer-group bounds (tests). */
    public Settings withGroups(GroupSettings groups) {
        return toBuilder().groups(groups).build();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Settings like these with some components changed: the one place that lists every component in
     * order, so a new component is added here, not in every {@code withX}. Setters exist for what
     * is changed today.
     */
    public static final class Builder {
        private String source;
        private int restPort;
        private String restAddress;
        private boolean pluginsEnabled;
        private List<Path> pluginPaths;
        private Optional<Path> pluginDirectory;
        private PluginSettings defaults;
        private Map<String, PluginSettings> overrides;
        private Optional<Path> compileCache;
        private OptionalLong maxTotalMemory;
        private boolean requireAll;
        private StorageSettings storage;
        private HttpSettings http;
        private WatchSettings watch;
        private StateSettings state;
        private EventLimits events;
        private HttpClientLimits httpClient;
        private KafkaSettings kafka;
        private AdminSettings admin;
        private GroupSettings groups;

        private Builder(Settings s) {
            source = s.source;
            restPort = s.restPort;
            restAddress = s.restAddress;
            pluginsEnabled = s.pluginsEnabled;
            pluginPaths = s.pluginPaths;
            pluginDirectory = s.pluginDirectory;
            defaults = s.defaults;
            overrides = s.overrides;
            compileCache = s.compileCache;
            maxTotalMemory = s.maxTotalMemory;
            requireAll = s.requireAll;
            storage = s.storage;
            http = s.http;
            watch = s.watch;
            state = s.state;
            events = s.events;
            httpClient = s.httpClient;
            kafka = s.kafka;
            admin = s.admin;
            groups = s.groups;
        }

        public Builder restPort(int restPort) {
            this.restPort = restPort;
            return this;
        }

        public Builder state(StateSettings state) {
            this.state = state;
            return this;
        }

        public Builder kafka(KafkaSettings kafka) {
            this.kafka = kafka;
            return this;
        }

        public Builder admin(AdminSettings admin) {
            this.admin = admin;
            return this;
        }

        public Builder groups(GroupSettings groups) {
            this.groups = groups;
            return this;
        }

        public Settings build() {
            return new Settings(
                    source,
                    restPort,
                    restAddress,
                    pluginsEnabled,
                    pluginPaths,
                    pluginDirectory,
                    defaults,
                    overrides,
                    compileCache,
                    maxTotalMemory,
                    requireAll,
                    storage,
                    http,
                    watch,
                    state,
                    events,
                    httpClient,
                    kafka,
                    admin,
                    groups);
        }
    }
}
