package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.event.EventLimits;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.Permissions;
import dev.sluice.state.StateLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir Path dir;

    @BeforeEach
    void pluginFiles() throws Exception {
        Files.createDirectories(dir.resolve("plugins/chat"));
        Files.writeString(dir.resolve("plugins/demo.wasm"), "");
    }

    private Settings yaml(String text) throws Exception {
        return SettingsLoader.load(Files.writeString(dir.resolve("settings.yaml"), text));
    }

    private void yamlFails(String text, String message) {
        assertThatThrownBy(() -> yaml(text))
                .isInstanceOf(SettingsException.class)
                .hasMessage(message);
    }

    @Test
    void everythingHasADefault() throws Exception {
        var s = yaml("{}");

        assertThat(s.restPort()).isEqualTo(30005);
        assertThat(s.pluginsEnabled()).isTrue();
        assertThat(s.pluginPaths()).isEmpty();
        assertThat(s.defaults().maxMemoryBytes()).isEqualTo(64L << 20);
        assertThat(s.defaults().maxExecutionTime()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void readsTheRuntimeLimits() throws Exception {
        var settings =
                yaml(
                        """
                        plugin:
                          max_total_memory: 1GiB
                          max_instances: 3
                          max_queue_time: 40ms
                          max_init_time: 2s
                          max_record_bytes: 64KiB
                          failure_backoff: 1s
                          max_failure_backoff: 1min
                          require_all: true
                        """);

        var d = settings.defaults();
        assertThat(settings.maxTotalMemory()).hasValue(1L << 30);
        assertThat(settings.requireAll()).isTrue();
        assertThat(d.maxInstances()).isEqualTo(3);
        assertThat(d.maxQueueTime()).isEqualTo(Duration.ofMillis(40));
        assertThat(d.maxInitTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.maxRecordBytes()).isEqualTo(64 * 1024);
        assertThat(d.failureBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxFailureBackoff()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aBackoffAboveItsMaximumIsRefusedNamingTheKey() {
        yamlFails(
                """
                plugin:
                  failure_backoff: 10min
                """,
                "settings.yaml: plugin.max_failure_backoff: the default of 5min is below"
                        + " plugin.failure_backoff '10min'; raise it or lower the backoff");
    }

    @Test
    void readsTheDesignExample() throws Exception {
        var s =
                yaml(
                        """
                        rest_port: 30006
                        plugin_paths:
                          - plugins/demo.wasm
                        plugin:
                          enabled: true
                          directory: plugins/chat
                          max_memory: 32MiB
                          max_execution_time: 50ms
                          engine: interpreter
                        plugins:
                          content-filter:
                            max_execution_time: 20ms
                            on_error: allow
                            config: { threshold: 3 }
                        """);

        assertThat(s.restPort()).isEqualTo(30006);
        assertThat(s.pluginPaths()).containsExactly(dir.resolve("plugins/demo.wasm"));
        assertThat(s.pluginDirectory()).contains(dir.resolve("plugins/chat"));
        assertThat(s.defaults().maxMemoryBytes()).isEqualTo(32L << 20);
        assertThat(s.defaults().engine()).isEqualTo(ExecutionEngine.INTERPRETER);
        var filter = s.settingsFor("content-filter");
        assertThat(filter.maxExecutionTime()).isEqualTo(Duration.ofMillis(20));
        assertThat(filter.maxMemoryBytes()).as("inherited").isEqualTo(32L << 20);
        assertThat(filter.onError()).isEqualTo(OnError.ALLOW);
        assertThat(filter.config()).isEqualTo(Map.of("threshold", "3"));
        assertThat(s.settingsFor("other")).isEqualTo(s.defaults());
    }

    @Test
    void permissionsGrantOnlyWhatIsListed() throws Exception {
        var s =
                yaml(
                        """
                        plugins:
                          auditor:
                            permissions:
                              state: true
                              events: { publish: [audit] }
                              http: { allow: ["api.example.com:443", "*.internal.test:8080"] }
                          plain: { on_error: allow }
                        """);

        var auditor = s.settingsFor("auditor").permissions();
        assertThat(auditor.state()).isTrue();
        assertThat(auditor.mayPublish("audit")).isTrue();
        assertThat(auditor.mayPublish("other")).isFalse();
        assertThat(auditor.allowsHttp("API.example.com", 443)).isTrue();
        assertThat(auditor.allowsHttp("api.example.com", 80)).as("other port").isFalse();
        assertThat(auditor.allowsHttp("a.internal.test", 8080)).isTrue();
        assertThat(auditor.allowsHttp("internal.test", 8080)).as("wildcard is below").isFalse();
        assertThat(auditor.allowsHttp("evilinternal.test", 8080)).isFalse();
        assertThat(s.settingsFor("plain").permissions()).isEqualTo(Permissions.none());
        assertThat(s.defaults().permissions()).isEqualTo(Permissions.none());
    }

    @Test
    void watchIsOffUnlessAskedAndItsDebounceIsADuration() throws Exception {
        assertThat(yaml("rest_port: 1").watch()).isEqualTo(WatchSettings.off());
        var s = yaml("plugin: { watch: true, watch_debounce: 2s }");
        assertThat(s.watch()).isEqualTo(new WatchSettings(true, Duration.ofSeconds(2)));
        yamlFails(
                "plugin: { watch: true, watch_debounce: 0s }",
                "settings.yaml: plugin.watch_debounce: must be positive");
    }

    @Test
    void theKafkaListenerIsOn9092ByDefaultOffWithPortZeroAndItsKeysAreRead() throws Exception {
        var byDefault = yaml("{}").kafka();
        assertThat(byDefault.enabled()).isTrue();
        assertThat(byDefault.port()).isEqualTo(9092);
        assertThat(byDefault.autoCreateTopics()).isTrue();
        assertThat(byDefault.defaultPartitions()).isEqualTo(1);
        assertThat(byDefault.maxRequestBytes()).isEqualTo(100 << 20);
        assertThat(yaml("kafka_port: 0").kafka().enabled()).isFalse();

        var set =
                yaml("""
                        kafka_port: 19092
                        kafka:
                          advertised_host: broker.example.com
                          auto_create_topics: false
                          default_partitions: 6
                          max_request_size: 8MiB
                          idle_timeout: 2min
                        """)
                        .kafka();
        assertThat(set.port()).isEqualTo(19092);
        assertThat(set.advertisedHost()).contains("broker.example.com");
        assertThat(set.autoCreateTopics()).isFalse();
        assertThat(set.defaultPartitions()).isEqualTo(6);
        assertThat(set.maxRequestBytes()).isEqualTo(8 << 20);
        assertThat(set.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void badKafkaSettingsNameTheirKey() {
        yamlFails(
                "kafka_port: 70000",
                "settings.yaml: kafka_port: '70000' is not a port (expected 1 to 65535, or 0 for"
                        + " no listener)");
        yamlFails(
                "kafka: { default_partitions: 0 }",
                "settings.yaml: kafka.default_partitions: must be from 1 to 10000");
        yamlFails(
                "kafka: { max_request_size: 10 }",
                "settings.yaml: kafka.max_request_size: must be from 1KiB to 2GiB");
    }

    @Test
    void badPermissionsNameTheirKey() {
        yamlFails(
                "plugins: { a: { permissions: { http: { allow: [\"example.com\"] } } } }",
                "settings.yaml: plugins.a.permissions.http.allow: http allow entry 'example.com' is"
                        + " not host:port (e.g. api.example.com:443)");
        yamlFails(
                "plugins: { a: { permissions: { events: { publish: [\"no spaces\"] } } } }",
                "settings.yaml: plugins.a.permissions.events.publish: event channel 'no spaces' is"
                        + " not a channel name (letters, digits, '_', '.', '-'; at most 128;"
                        + " starting with a letter or digit)");
    }

    @Test
    void httpClientLimitsHaveDefaultsAndNameTheirKeyWhenWrong() throws Exception {
        assertThat(yaml("{}").httpClient()).isEqualTo(HttpClientLimits.defaults());

        var s =
                yaml(
                        """
                        http_client:
                          max_request_bytes: 64KiB
                          max_response_bytes: 2MiB
                          max_headers: 10
                          max_header_bytes: 1KiB
                          max_redirects: 0
                          timeout: 3s
                        """);

        assertThat(s.httpClient())
                .isEqualTo(
                        new HttpClientLimits(
                                64 << 10, 2 << 20, 10, 1 << 10, 0, Duration.ofSeconds(3)));
        yamlFails(
                "http_client: { max_headers: 0 }",
                "settings.yaml: http_client.max_headers: must be positive, was 0");
        yamlFails(
                "http_client: { timeout: 0s }",
                "settings.yaml: http_client.timeout: must be positive, was 0 ms");
    }

    @Test
    void tomlAndYamlMeanTheSame() throws Exception {
        var fromYaml =
                yaml(
                        """
                        rest_port: 4000
                        plugin_paths: [plugins/demo.wasm]
                        plugin: { max_memory_mb: 16, max_execution_time_ms: 250 }
                        plugins: { demo: { on_error: allow, config: { a: b } } }
                        """);
        var fromToml =
                SettingsLoader.load(
                        Files.writeString(
                                dir.resolve("sluice.toml"),
                                """
                                rest_port = 4000
                                plugin_paths = ["plugins/demo.wasm"]
                                [plugin]
                                max_memory_mb = 16
                                max_execution_time_ms = 250
                                [plugins.demo]
                                on_error = "allow"
                                [plugins.demo.config]
                                a = "b"
                                """));

        assertThat(fromToml.withPort(0)).isEqualTo(sourceless(fromYaml, "sluice.toml").withPort(0));
        assertThat(fromToml.defaults().maxMemoryBytes()).isEqualTo(16L << 20);
        assertThat(fromToml.defaults().maxExecutionTime()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theBundledYamlAndTomlExamplesAgree() {
        Path examples =
                dev.sluice.testing.Fixtures.example("blink/demo-plugin.wasm")
                        .getParent()
                        .getParent()
                        .getParent()
                        .resolve("examples");
        var yaml = SettingsLoader.load(examples.resolve("settings.yaml"));
        var toml = SettingsLoader.load(examples.resolve("sluice.toml"));

        assertThat(toml).isEqualTo(sourceless(yaml, "sluice.toml"));
        assertThat(yaml.pluginPaths()).hasSize(2).allMatch(Files::isRegularFile);
        assertThat(yaml.settingsFor("spam-filter").config()).containsKey("blocked_words");
    }

    private static Settings sourceless(Settings s, String source) {
        return new Settings(
                source,
                s.restPort(),
                s.restAddress(),
                s.pluginsEnabled(),
                s.pluginPaths(),
                s.pluginDirectory(),
                s.defaults(),
                s.overrides(),
                s.compileCache(),
                s.maxTotalMemory(),
                s.requireAll(),
                s.storage(),
                s.http(),
                s.watch(),
                s.state(),
                s.events(),
                s.httpClient(),
                s.kafka(),
                s.admin(),
                s.groups());
    }

    @Test
    void stateIsEmbeddedUnderDataDirWithDocumentedLimitsByDefault() throws Exception {
        var s = yaml("{}");

        assertThat(s.state().type()).isEqualTo(StateSettings.Type.EMBEDDED);
        assertThat(s.state().directory()).hasValue(dir.resolve("data/state"));
        assertThat(s.defaults().stateLimits()).isEqualTo(StateLimits.defaults());
        assertThat(StateLimits.defaults())
                .isEqualTo(new StateLimits(256, 64 * 1024, 10_000, 16L << 20));
    }

    @Test
    void readsTheStoreAndItsLimitsGlobalAndPerPlugin() throws Exception {
        var s =
                yaml(
                        """
                        data_dir: /var/lib/sluice
                        state:
                          type: redis
                          redis: { url: "redis://127.0.0.1:6380/2" }
                          max_key_bytes: 100
                          max_value_bytes: 1KiB
                          max_keys: 50
                          max_total_bytes: 1MiB
                        plugins:
                          limiter:
                            state: { max_keys: 5 }
                        """);

        assertThat(s.state().type()).isEqualTo(StateSettings.Type.REDIS);
        assertThat(s.state().redisUrl()).hasValue("redis://127.0.0.1:6380/2");
        assertThat(s.defaults().stateLimits()).isEqualTo(new StateLimits(100, 1024, 50, 1 << 20));
        assertThat(s.settingsFor("limiter").stateLimits())
                .isEqualTo(new StateLimits(100, 1024, 5, 1 << 20));
        assertThat(yaml("data_dir: elsewhere").state().directory())
                .hasValue(dir.resolve("elsewhere/state"));
        assertThat(yaml("state: { type: memory }").state().directory()).isEmpty();
    }

    @Test
    void badStateSettingsNameTheirKey() {
        String file = "settings.yaml";
        yamlFails(
                "state: { type: redis }",
                file
                        + ": state.redis.url: state.type is redis: give the server's URL, e.g."
                        + " redis://127.0.0.1:6379/0");
        yamlFails(
                "state: { type: redis, redis: { url: \"http://x\" } }",
                file + ": state.redis.url: 'http://x' is not a redis:// or rediss:// URL");
        yamlFails(
                "plugins: { p: { state: { max_keys: 0 } } }",
                file + ": plugins.p.state.max_keys: must be at least 1, was 0");
        assertThatThrownBy(() -> yaml("state: { type: disk }"))
                .hasMessageStartingWith(file + ": state.type: ");
    }

    @Test
    void storageAndHttpLimitsHaveHeapDerivedDefaults() throws Exception {
        var s = yaml("{}");
        long heap = Runtime.getRuntime().maxMemory();

        assertThat(s.storage())
                .isEqualTo(
                        new StorageSettings(
                                StorageSettings.Type.DISK,
                                dir.resolve("data"),
                                64L << 20,
                                new StorageSettings.Flush.EveryBatch(),
                                1L << 30,
                                Optional.of(Duration.ofDays(7))));
        assertThat(yaml("storage: {type: memory}").storage().retentionMaxBytes())
                .isEqualTo(heap / 4);
        assertThat(s.http().maxRequestBytes()).isEqualTo(Math.min(16L << 20, heap / 16));
        assertThat(s.http().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.http().bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.http().maxConnections()).isEqualTo(1024);
        assertThat(s.http().maxThreads()).isEqualTo(200);
    }

    @Test
    void readsTheDurableStorageSettings() throws Exception {
        var s =
                yaml(
                        """
                        data_dir: ../elsewhere/
                        storage:
                          type: disk
                          segment_bytes: 1MiB
                          flush: { interval: 250ms }
                          retention: { max_bytes: 2GiB, max_age: 12h }
                        """);

        assertThat(s.storage())
                .isEqualTo(
                        new StorageSettings(
                                StorageSettings.Type.DISK,
                                dir.getParent().resolve("elsewhere"),
                                1L << 20,
                                new StorageSettings.Flush.Interval(Duration.ofMillis(250)),
                                2L << 30,
                                Optional.of(Duration.ofHours(12))));
        assertThat(yaml("storage: {flush: every_batch}").storage().flush())
                .isEqualTo(new StorageSettings.Flush.EveryBatch());
    }

    @Test
    void badStorageSettingsNameTheirKey() {
        yamlFails(
                "storage: {type: tape}",
                "settings.yaml: storage.type: 'tape' is not one of disk, memory");
        yamlFails(
                "storage: {segment_bytes: 10}",
                "settings.yaml: storage.segment_bytes: must be from 1KiB to 1GiB");
        yamlFails(
                "storage: {flush: sometimes}",
                "settings.yaml: storage.flush: expected every_batch (the default: forced to disk"
                        + " before each answer) or {interval: 1s} (forced every interval: faster,"
                        + " but a power loss may lose that much), not sometimes");
        yamlFails(
                "storage: {retention: {max_age: 0s}}",
                "settings.yaml: storage.retention.max_age: must be longer than 0 (or leave it out"
                        + " for no age limit)");
    }

    @Test
    void readsStorageAndHttpLimits() throws Exception {
        var s =
                yaml(
                        """
                        storage:
                          retention:
                            max_bytes: 64MiB
                        http:
                          max_request_size: 1MiB
                          idle_timeout: 10s
                          body_timeout: 5s
                          max_connections: 500
                          max_threads: 64
                        """);

        assertThat(s.storage().retentionMaxBytes()).isEqualTo(64L << 20);
        assertThat(s.http())
                .isEqualTo(
                        new HttpSettings(
                                1L << 20, Duration.ofSeconds(10), Duration.ofSeconds(5), 500, 64));
    }

    @Test
    void badStorageAndHttpLimitsNameTheirKey() {
        yamlFails(
                "storage:\n  retention:\n    max_bytes: lots\n",
                "settings.yaml: storage.retention.max_bytes: 'lots' is not a size (expected a"
                        + " number with a unit such as 64MiB, 512KiB or 1GB)");
        yamlFails(
                "storage:\n  retention:\n    max_bytes: 0\n",
                "settings.yaml: storage.retention.max_bytes: must be more than 0 bytes");
        yamlFails(
                "http:\n  max_threads: 2\n",
                "settings.yaml: http.max_threads: must be at least 16");
        yamlFails(
                "http:\n  idle_timeout: 0s\n",
                "settings.yaml: http.idle_timeout: must be positive");
    }

    @Test
    void readsTheEventBusBounds() throws Exception {
        assertThat(yaml("{}").events()).isEqualTo(EventLimits.defaults());

        var s = yaml("events:\n  queue_capacity: 64\n  max_payload_bytes: 4KiB\n  threads: 3\n");

        assertThat(s.events()).isEqualTo(new EventLimits(64, 4096, 3));
    }

    @Test
    void badEventBusBoundsNameTheirKey() {
        yamlFails(
                "events:\n  queue_capacity: 0\n",
                "settings.yaml: events.queue_capacity: must be at least 1, was 0");
        yamlFails(
                "events:\n  threads: 100\n",
                "settings.yaml: events.threads: must be from 1 to 64, was 100");
        yamlFails(
                "events:\n  max_payload_bytes: 3GiB\n",
                "settings.yaml: events.max_payload_bytes: must be less than 2 GiB");
    }

    @Test
    void unknownKeysAreErrorsListingTheValidOnes() {
        assertThatThrownBy(() -> yaml("plugin:\n  max_memroy: 64MiB\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("settings.yaml line 2: unknown key 'plugin.max_memroy'")
                .hasMessageContaining("valid keys here:")
                .hasMessageContaining("max_memory");
    }

    @Test
    void badSizesAndDurationsNameTheKeyAndTheExpectedForm() {
        yamlFails(
                "plugin:\n  max_memory: 64XB\n",
                "settings.yaml: plugin.max_memory: '64XB' is not a size (expected a number with a"
                        + " unit such as 64MiB, 512KiB or 1GB)");
        yamlFails(
                "plugins:\n  x:\n    max_execution_time: soon\n",
                "settings.yaml: plugins.x.max_execution_time: 'soon' is not a duration (expected a"
                        + " number with a unit such as 100ms, 2s or 1500us)");
    }

    @Test
    void conflictingAndOutOfRangeValuesAreErrors() {
        yamlFails(
                "plugin: { max_memory: 1MiB, max_memory_mb: 1 }",
                "settings.yaml: plugin.max_memory: set either max_memory or max_memory_mb, not"
                        + " both");
        yamlFails(
                "plugin: { on_error: explode }",
                "settings.yaml: plugin.on_error: 'explode' is not one of reject, allow");
        yamlFails(
                "rest_port: 70000",
                "settings.yaml: rest_port: '70000' is not a port (expected 0 to 65535)");
        yamlFails(
                "plugin: { max_memory: 1KiB }",
                "settings.yaml: plugin: max memory must be between 64KiB and 4GiB, was 1024 bytes");
    }

    @Test
    void wrongTypesNameTheKeyAndLine() {
        assertThatThrownBy(() -> yaml("rest_port: [1, 2]\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("settings.yaml line 1: rest_port:");
    }

    @Test
    void anEmptyPluginPathsEntryIsAnErrorNamingIt() {
        // Found by fuzzing: "  -" with nothing after it is a null entry.
        assertThatThrownBy(() -> yaml("plugin_paths:\n  - plugins/demo.wasm\n  -\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith(
                        "settings.yaml: plugin_paths[1]: the entry is empty; give the path of a"
                                + " .wasm file, or remove it");
    }

    @Test
    void missingPluginFilesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> yaml("plugin_paths: [plugins/demo.wasm, plugins/gone.wasm]"))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith(
                        "settings.yaml: plugin_paths[1]: plugin file not found: plugins/gone.wasm");
        assertThatThrownBy(() -> yaml("plugin: { directory: nowhere }"))
                .hasMessageStartingWith(
                        "settings.yaml: plugin.directory: not a directory: nowhere");
    }

    @Test
    void syntaxErrorsSayTheFormatAndLine() {
        assertThatThrownBy(() -> yaml("plugin:\n  enabled: [\n"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("settings.yaml line");
    }

    @Test
    void unknownExtensionsAndMissingFilesAreErrors() {
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("settings.json")))
                .hasMessageContaining("unknown settings format");
        assertThatThrownBy(() -> SettingsLoader.load(dir.resolve("absent.yaml")))
                .hasMessageStartingWith("settings file not found");
    }

    @Test
    void unitsParse() {
        assertThat(Units.parseSize("512KiB")).isEqualTo(512 * 1024);
        assertThat(Units.parseSize("1GB")).isEqualTo(1_000_000_000L);
        assertThat(Units.parseSize("65536")).isEqualTo(65536);
        assertThat(Units.parseDuration("1500us")).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(Units.parseDuration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Units.parseDuration("100")).isEqualTo(Duration.ofMillis(100));
    }
}
