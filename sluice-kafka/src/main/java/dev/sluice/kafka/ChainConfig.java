package dev.sluice.kafka;

import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of a Sluice chain on Kafka, shared by the Connect transformation and the Streams
 * processor: which plugins run, in which order, under which limits, with which configuration. Keys
 * follow Kafka's dotted style; docs/kafka.md has the table.
 */
public final class ChainConfig extends AbstractConfig {

    public static final String PLUGINS = "plugins";
    public static final String PLUGIN_CONFIG_PREFIX = "config.";
    public static final String MAX_MEMORY_BYTES = "max.memory.bytes";
    public static final String MAX_EXECUTION_TIME_MS = "max.execution.time.ms";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";
    public static final String ON_ERROR = "on.error";
    public static final String COMPILE_CACHE_DIR = "compile.cache.dir";

    /** The chain's keys; a user of the chain adds its own keys to a copy of it. */
    public static final ConfigDef CONFIG_DEF =
            new ConfigDef()
                    .define(
                            PLUGINS,
                            Type.LIST,
                            ConfigDef.NO_DEFAULT_VALUE,
                            Importance.HIGH,
                            "The plugin files (.wasm) to run on each record, in this order. A"
                                    + " plugin's name is its file name without .wasm.")
                    .define(
                            MAX_MEMORY_BYTES,
                            Type.LONG,
                            PluginSettings.DEFAULT_MAX_MEMORY_BYTES,
                            ConfigDef.Range.atLeast(65536),
                            Importance.MEDIUM,
                            "The most linear memory one plugin instance may have, in bytes.")
                    .define(
                            MAX_EXECUTION_TIME_MS,
                            Type.LONG,
                            PluginSettings.DEFAULT_MAX_EXECUTION_TIME.toMillis(),
                            ConfigDef.Range.atLeast(1),
                            Importance.MEDIUM,
                            "The longest one plugin call may run before it is stopped and counted"
                                    + " as a failure, in ms.")
                    .define(
                            MAX_RECORD_BYTES,
                            Type.LONG,
                            PluginSettings.DEFAULT_MAX_RECORD_BYTES,
                            ConfigDef.Range.atLeast(1),
                            Importance.MEDIUM,
                            "Records larger than this (topic, key, value and headers) are rejected"
                                    + " before any plugin sees them, in bytes.")
                    .define(
                            ON_ERROR,
                            Type.STRING,
                            "reject",
                            ConfigDef.ValidString.in("reject", "allow"),
                            Importance.MEDIUM,
                            "What a record gets when a plugin fails on it (trap, time limit):"
                                    + " reject (fail closed) or allow (skip the plugin).")
                    .define(
                            COMPILE_CACHE_DIR,
                            Type.STRING,
                            "",
                            Importance.LOW,
                            "A folder where compiled plugins are kept between starts (empty: none)."
                                    + " Anyone who can write to it can change what the plugins"
                                    + " run.");

    public ChainConfig(Map<?, ?> originals) {
        this(CONFIG_DEF, originals);
    }

    /** For a user that adds its own keys to {@link #CONFIG_DEF}. */
    public ChainConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals);
    }

    /** The plugin files, checked to exist, in chain order. */
    public List<Path> plugins() {
        List<String> files = getList(PLUGINS);
        if (files.isEmpty()) {
            throw new ConfigException(PLUGINS, "", "name at least one plugin file (.wasm)");
        }
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            Path path = Path.of(file);
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(
                        PLUGINS,
                        file,
                        "no such file (resolved to "
                                + path.toAbsolutePath()
                                + "): give the path of a plugin's .wasm file");
            }
            paths.add(path);
        }
        return paths;
    }

    /** The settings one plugin runs under: the shared limits plus its own configuration. */
    public PluginSettings settingsFor(String plugin) {
        return PluginSettings.builder()
                .withMaxMemoryBytes(getLong(MAX_MEMORY_BYTES))
                .withMaxExecutionTime(Duration.ofMillis(getLong(MAX_EXECUTION_TIME_MS)))
                .withMaxRecordBytes(getLong(MAX_RECORD_BYTES))
                .withOnError(OnError.valueOf(getString(ON_ERROR).toUpperCase(Locale.ROOT)))
                .withConfig(pluginConfig(plugin))
                .build();
    }

    /** {@code config.<plugin>.<key>} entries, as that plugin's configuration. */
    Map<String, String> pluginConfig(String plugin) {
        Map<String, String> config = new HashMap<>();
        originalsWithPrefix(PLUGIN_CONFIG_PREFIX + plugin + ".")
                .forEach((key, value) -> config.put(key, String.valueOf(value)));
        return config;
    }

    /** The compile cache folder, if one is set. */
    public Optional<Path> compileCache() {
        String dir = getString(COMPILE_CACHE_DIR);
        return dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
    }
}
