package dev.sluice.plugin;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The limits and policies one plugin runs under. Build one with {@link #builder()}; anything not
 * set keeps its default.
 *
 * @param maxMemoryBytes the most linear memory one instance may have; growth beyond it is refused
 *     (the guest's {@code memory.grow} returns -1). Default 64 MiB.
 * @param maxExecutionTime the longest one call into the plugin may run before it is interrupted and
 *     counted as a failure. Default 100 ms.
 * @param onError what happens to a record when the plugin fails on it. Default {@link
 *     OnError#REJECT}.
 * @param maxConsecutiveFailures after this many failures in a row the plugin is moved to {@link
 *     PluginState#FAILED} and skipped. Default 5.
 * @param engine how the code runs. Default {@link ExecutionEngine#COMPILER}.
 * @param maxIdleInstances how many ready instances the plugin's pool keeps between calls. More
 *     concurrent callers than this still each get their own instance; extras are dropped when
 *     returned. Default: twice the number of processors.
 * @param config the plugin's own configuration (OurChat's {@code get_config}).
 */
public record PluginSettings(
        long maxMemoryBytes,
        Duration maxExecutionTime,
        OnError onError,
        int maxConsecutiveFailures,
        ExecutionEngine engine,
        int maxIdleInstances,
        Map<String, String> config) {

    public static final long DEFAULT_MAX_MEMORY_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_EXECUTION_TIME = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;

    /** WebAssembly pages are 64 KiB. */
    private static final long PAGE_SIZE = 65536;

    /** The 32-bit address space: 65536 pages. */
    private static final long MAX_ADDRESSABLE = 65536L * PAGE_SIZE;

    public PluginSettings {
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(engine, "engine");
        config = Map.copyOf(Objects.requireNonNull(config, "config"));
        if (maxMemoryBytes < PAGE_SIZE || maxMemoryBytes > MAX_ADDRESSABLE) {
            throw new IllegalArgumentException(
                    "max memory must be between 64KiB and 4GiB, was " + maxMemoryBytes + " bytes");
        }
        if (maxExecutionTime.isNegative() || maxExecutionTime.isZero()) {
            throw new IllegalArgumentException(
                    "max execution time must be positive, was " + maxExecutionTime);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException(
                    "max consecutive failures must be at least 1, was " + maxConsecutiveFailures);
        }
        if (maxIdleInstances < 1) {
            throw new IllegalArgumentException(
                    "max idle instances must be at least 1, was " + maxIdleInstances);
        }
    }

    /** The defaults: 64 MiB, 100 ms, reject on error, 5 failures, compiler. */
    public static PluginSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .withMaxMemoryBytes(maxMemoryBytes)
                .withMaxExecutionTime(maxExecutionTime)
                .withOnError(onError)
                .withMaxConsecutiveFailures(maxConsecutiveFailures)
                .withEngine(engine)
                .withMaxIdleInstances(maxIdleInstances)
                .withConfig(config);
    }

    /** The memory cap in 64 KiB WebAssembly pages (rounded down). */
    public int maxMemoryPages() {
        return (int) (maxMemoryBytes / PAGE_SIZE);
    }

    public static final class Builder {
        private long maxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES;
        private Duration maxExecutionTime = DEFAULT_MAX_EXECUTION_TIME;
        private OnError onError = OnError.REJECT;
        private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
        private ExecutionEngine engine = ExecutionEngine.COMPILER;
        private int maxIdleInstances = 2 * Runtime.getRuntime().availableProcessors();
        private Map<String, String> config = Map.of();

        private Builder() {}

        public Builder withMaxMemoryBytes(long maxMemoryBytes) {
            this.maxMemoryBytes = maxMemoryBytes;
            return this;
        }

        public Builder withMaxExecutionTime(Duration maxExecutionTime) {
            this.maxExecutionTime = maxExecutionTime;
            return this;
        }

        public Builder withOnError(OnError onError) {
            this.onError = onError;
            return this;
        }

        public Builder withMaxConsecutiveFailures(int maxConsecutiveFailures) {
            this.maxConsecutiveFailures = maxConsecutiveFailures;
            return this;
        }

        public Builder withEngine(ExecutionEngine engine) {
            this.engine = engine;
            return this;
        }

        public Builder withMaxIdleInstances(int maxIdleInstances) {
            this.maxIdleInstances = maxIdleInstances;
            return this;
        }

        public Builder withConfig(Map<String, String> config) {
            this.config = config;
            return this;
        }

        public PluginSettings build() {
            return new PluginSettings(
                    maxMemoryBytes,
                    maxExecutionTime,
                    onError,
                    maxConsecutiveFailures,
                    engine,
                    maxIdleInstances,
                    config);
        }
    }
}
