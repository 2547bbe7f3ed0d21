package dev.sluice.plugin;

import dev.sluice.state.StateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The limits and policies one plugin runs under. Build one with {@link #builder()}; anything not
 * set keeps its default.
 *
 * @param maxMemoryBytes the most linear memory one instance may have; growth beyond it is refused
 *     (the guest's {@code memory.grow} returns -1). Each live instance reserves this much (or its
 *     memory's own lower maximum) from the engine's total memory budget. Default 64 MiB.
 * @param maxExecutionTime the longest one call into the plugin may run before it is interrupted and
 *     counted as a failure. Only the guest's own call counts: making an instance, its load hook and
 *     waiting for an instance do not. Default 100 ms.
 * @param onError what happens to a record when the plugin fails on it, and while it is {@link
 *     PluginState#FAILED}. Default {@link OnError#REJECT}.
 * @param maxConsecutiveFailures after this many failures in a row the plugin's circuit breaker
 *     opens: it is {@link PluginState#FAILED} until a trial call after {@code failureBackoff}
 *     succeeds. Default 5.
 * @param engine how the code runs. Default {@link ExecutionEngine#AUTO}.
 * @param maxInstances the most instances of the plugin alive at once, busy or idle; callers beyond
 *     it wait up to {@code maxQueueTime} for one. Default: twice the number of processors.
 * @param maxQueueTime how long a call waits for an instance (or for room in the memory budget to
 *     make one) before the record is answered "overloaded, retry". Default 250 ms.
 * @param maxInitTime the limit on making an instance and running its load hook (Blink {@code init},
 *     OurChat {@code on_plugin_load}), separate from {@code maxExecutionTime}. Default 10 s.
 * @param maxRecordBytes records larger than this (topic, key and value bytes together) are rejected
 *     before the plugin is called. Default 1 MiB.
 * @param failureBackoff how long the breaker stays open before its first trial. Default 5 s.
 * @param maxFailureBackoff the backoff doubles after each failed trial, up to this. Default 5 min.
 * @param config the plugin's own configuration (OurChat's {@code get_config}).
 * @param permissions the host services granted beyond log, config and metrics. Default {@link
 *     Permissions#none()}.
 * @param stateLimits what the plugin may keep in its state (keys, value sizes, total). Default
 *     {@link StateLimits#defaults()}.
 */
public record PluginSettings(
        long maxMemoryBytes,
        Duration maxExecutionTime,
        OnError onError,
        int maxConsecutiveFailures,
        ExecutionEngine engine,
        int maxInstances,
        Duration maxQueueTime,
        Duration maxInitTime,
        long maxRecordBytes,
        Duration failureBackoff,
        Duration maxFailureBackoff,
        Map<String, String> config,
        Permissions permissions,
        StateLimits stateLimits) {

    public static final long DEFAULT_MAX_MEMORY_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_MAX_EXECUTION_TIME = Duration.ofMillis(100);
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;
    public static final Duration DEFAULT_MAX_QUEUE_TIME = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_INIT_TIME = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_RECORD_BYTES = 1024L * 1024;
    public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_FAILURE_BACKOFF = Duration.ofMinutes(5);

    /** WebAssembly pages are 64 KiB. */
    private static final long PAGE_SIZE = 65536;

    /** The 32-bit address space: 65536 pages. */
    private static final long MAX_ADDRESSABLE = 65536L * PAGE_SIZE;

    public PluginSettings {
        Objects.requireNonNull(maxExecutionTime, "maxExecutionTime");
        Objects.requireNonNull(onError, "onError");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(maxQueueTime, "maxQueueTime");
        Objects.requireNonNull(maxInitTime, "maxInitTime");
        Objects.requireNonNull(failureBackoff, "failureBackoff");
        Objects.requireNonNull(maxFailureBackoff, "maxFailureBackoff");
        config = Map.copyOf(Objects.requireNonNull(config, "config"));
        Objects.requireNonNull(permissions, "permissions");
        Objects.requireNonNull(stateLimits, "stateLimits");
        if (maxMemoryBytes < PAGE_SIZE || maxMemoryBytes > MAX_ADDRESSABLE) {
            throw new IllegalArgumentException(
                    "max memory must be between 64KiB and 4GiB, was " + maxMemoryBytes + " bytes");
        }
        positive("max execution time", maxExecutionTime);
        positive("max init time", maxInitTime);
        positive("failure backoff", failureBackoff);
        if (maxQueueTime.isNegative()) {
            throw new IllegalArgumentException(
                    "max queue time must not be negative, was " + maxQueueTime);
        }
        if (maxFailureBackoff.compareTo(failureBackoff) < 0) {
            throw new IllegalArgumentException(
                    "max failure backoff ("
                            + maxFailureBackoff
                            + ") must not be below the failure backoff ("
                            + failureBackoff
                            + ")");
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException(
                    "max consecutive failures must be at least 1, was " + maxConsecutiveFailures);
        }
        if (maxInstances < 1) {
            throw new IllegalArgumentException(
                    "max instances must be at least 1, was " + maxInstances);
        }
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException(
                    "max record bytes must be at least 1, was " + maxRecordBytes);
        }
    }

    private static void positive(String what, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
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
                .withMaxInstances(maxInstances)
                .withMaxQueueTime(maxQueueTime)
                .withMaxInitTime(maxInitTime)
                .withMaxRecordBytes(maxRecordBytes)
                .withFailureBackoff(failureBackoff, maxFailureBackoff)
                .withConfig(config)
                .withPermissions(permissions)
                .withStateLimits(stateLimits);
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
        private ExecutionEngine engine = ExecutionEngine.AUTO;
        private int maxInstances = 2 * Runtime.getRuntime().availableProcessors();
        private Duration maxQueueTime = DEFAULT_MAX_QUEUE_TIME;
        private Duration maxInitTime = DEFAULT_MAX_INIT_TIME;
        private long maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private Duration failureBackoff = DEFAULT_FAILURE_BACKOFF;
        private Duration maxFailureBackoff = DEFAULT_MAX_FAILURE_BACKOFF;
        private Map<String, String> config = Map.of();
        private Permissions permissions = Permissions.none();
        private StateLimits stateLimits = StateLimits.defaults();

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

        public Builder withMaxInstances(int maxInstances) {
            this.maxInstances = maxInstances;
            return this;
        }

        public Builder withMaxQueueTime(Duration maxQueueTime) {
            this.maxQueueTime = maxQueueTime;
            return this;
        }

        public Builder withMaxInitTime(Duration maxInitTime) {
            this.maxInitTime = maxInitTime;
            return this;
        }

        public Builder withMaxRecordBytes(long maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /** The breaker's first backoff and the most it doubles to. */
        public Builder withFailureBackoff(Duration first, Duration max) {
            this.failureBackoff = first;
            this.maxFailureBackoff = max;
            return this;
        }

        public Builder withConfig(Map<String, String> config) {
            this.config = config;
            return this;
        }

        public Builder withPermissions(Permissions permissions) {
            this.permissions = permissions;
            return this;
        }

        public Builder withStateLimits(StateLimits stateLimits) {
            this.stateLimits = stateLimits;
            return this;
        }

        public PluginSettings build() {
            return new PluginSettings(
                    maxMemoryBytes,
                    maxExecutionTime,
                    onError,
                    maxConsecutiveFailures,
                    engine,
                    maxInstances,
                    maxQueueTime,
                    maxInitTime,
                    maxRecordBytes,
                    failureBackoff,
                    maxFailureBackoff,
                    config,
                    permissions,
                    stateLimits);
        }
    }
}
