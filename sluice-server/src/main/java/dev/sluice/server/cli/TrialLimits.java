package dev.sluice.server.cli;

import dev.sluice.Sluice;
import dev.sluice.plugin.ExecutionEngine;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.server.config.Units;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The limits a command's trial load runs with: the defaults, then the plugin's entry in a settings
 * file ({@code -s}), then the flags, each written as in settings ({@code 5s}, {@code 32MiB}). A
 * picocli mixin, so every command that trial-loads a plugin takes the same flags.
 */
final class TrialLimits {

    @Option(
            names = {"-s", "--settings"},
            paramLabel = "FILE",
            description =
                    "take the plugin's limits (and plugin.compile_cache) from this settings file")
    Path settings;

    @Option(
            names = "--max-execution-time",
            paramLabel = "DURATION",
            converter = DurationFlag.class,
            description = "per-call time limit, as max_execution_time in settings (e.g. 5s)")
    Duration maxExecutionTime;

    @Option(
            names = "--max-init-time",
            paramLabel = "DURATION",
            converter = DurationFlag.class,
            description =
                    "time limit for making an instance and running its load hook (init,"
                            + " on_plugin_load), as max_init_time in settings (e.g. 30s)")
    Duration maxInitTime;

    @Option(
            names = "--max-memory",
            paramLabel = "SIZE",
            converter = SizeFlag.class,
            description = "memory cap per instance, as max_memory in settings (e.g. 128MiB)")
    Long maxMemory;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            converter = EngineFlag.class,
            description = "auto, chicory, graalwasm or interpreter, as engine in settings")
    ExecutionEngine engine;

    private Settings loaded;

    /**
     * The settings the plugin called {@code name} runs with here.
     *
     * @throws dev.sluice.server.config.SettingsException if the settings file is wrong
     */
    PluginSettings settingsFor(String name) {
        var base = settingsFile().map(s -> s.settingsFor(name)).orElse(PluginSettings.defaults());
        var builder = base.toBuilder();
        if (maxExecutionTime != null) {
            builder.withMaxExecutionTime(maxExecutionTime);
        }
        if (maxInitTime != null) {
            builder.withMaxInitTime(maxInitTime);
        }
        if (maxMemory != null) {
            builder.withMaxMemoryBytes(maxMemory);
        }
        if (engine != null) {
            builder.withEngine(engine);
        }
        return builder.build();
    }

    /** A throwaway engine for the trial load, with the settings file's compile cache if any. */
    Sluice engine() {
        var builder = Sluice.builder();
        settingsFile().flatMap(Settings::compileCache).ifPresent(builder::withCompileCache);
        return builder.build();
    }

    /** "default limits", or which limits were set and to what, for the report. */
    String describe(PluginSettings used) {
        if (settings == null
                && maxExecutionTime == null
                && maxInitTime == null
                && maxMemory == null
                && engine == null) {
            return "default limits";
        }
        List<String> parts = new ArrayList<>();
        parts.add("max_execution_time " + duration(used.maxExecutionTime()));
        parts.add("max_init_time " + duration(used.maxInitTime()));
        parts.add("max_memory " + size(used.maxMemoryBytes()));
        parts.add("engine " + used.engine().settingName());
        return String.join(", ", parts) + (settings == null ? "" : " (from " + settings + ")");
    }

    private Optional<Settings> settingsFile() {
        if (settings != null && loaded == null) {
            loaded = SettingsLoader.load(settings);
        }
        return Optional.ofNullable(loaded);
    }

    private static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + "ms" : nanos / 1000L + "us";
    }

    private static String size(long bytes) {
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        return bytes % 1024 == 0 ? (bytes >> 10) + "KiB" : bytes + " bytes";
    }

    /** Flags share the settings' syntax and messages, through {@link Units}. */
    private abstract static class UnitsFlag<T> implements ITypeConverter<T> {
        abstract T parse(String value);

        @Override
        public T convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DurationFlag extends UnitsFlag<Duration> {
        @Override
        Duration parse(String value) {
            return Units.parseDuration(value);
        }
    }

    static final class SizeFlag extends UnitsFlag<Long> {
        @Override
        Long parse(String value) {
            return Units.parseSize(value);
        }
    }

    static final class EngineFlag extends UnitsFlag<ExecutionEngine> {
        @Override
        ExecutionEngine parse(String value) {
            return ExecutionEngine.parse(value);
        }
    }
}
