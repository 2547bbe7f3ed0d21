package dev.sluice.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the server keeps records ({@code data_dir} and {@code storage:} in the settings
 * file).
 *
 * @param type {@code storage.type}: on disk (the default from a settings file) or in memory
 * @param dataDir {@code data_dir}: durable storage lives in its {@code topics/} folder
 * @param segmentBytes {@code storage.segment_bytes}: a partition's segment file is rolled when the
 *     next batch would take it past this
 * @param flush {@code storage.flush}: when appended records are forced to the disk
 * @param retentionMaxBytes {@code storage.retention.max_bytes}: on disk, what one partition may
 *     hold before its oldest segments are deleted; in memory, what all stored records together may
 *     cost on the heap
 * @param retentionMaxAge {@code storage.retention.max_age}: on disk, segments last written longer
 *     ago than this are deleted; empty for no age limit (ignored in memory)
 */
public record StorageSettings(
        Type type,
        Path dataDir,
        long segmentBytes,
        Flush flush,
        long retentionMaxBytes,
        Optional<Duration> retentionMaxAge) {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    /** Segment positions are ints; well below 2 GiB keeps every position and sum in range. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public static final long DEFAULT_DISK_MAX_BYTES = 1L << 30;

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    /** {@code storage.type}. */
    public enum Type {
        DISK,
        MEMORY
    }

    /** {@code storage.flush}: the durability trade-off. */
    public sealed interface Flush {
        /** Forced after each append, before the producer's answer: survives a power loss too. */
        record EveryBatch() implements Flush {}

        /**
         * Forced every {@code every}: an acknowledged record survives {@code kill -9} (it is in the
         * page cache), but a power loss or kernel crash may take up to {@code every} of them.
         */
        record Interval(Duration every) implements Flush {
            public Interval {
                if (every.isNegative() || every.isZero()) {
                    throw new IllegalArgumentException(
                            "storage.flush.interval must be positive, was " + every);
                }
            }
        }
    }

    public StorageSettings {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(flush, "flush");
        Objects.requireNonNull(retentionMaxAge, "retentionMaxAge");
        if (retentionMaxBytes <= 0) {
            throw new IllegalArgumentException(
                    "storage.retention.max_bytes must be positive, was " + retentionMaxBytes);
        }
        if (segmentBytes < 1024 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException(
                    "storage.segment_bytes must be from 1KiB to 1GiB, was " + segmentBytes);
        }
        if (retentionMaxAge.isPresent()
                && (retentionMaxAge.get().isNegative() || retentionMaxAge.get().isZero())) {
            throw new IllegalArgumentException(
                    "storage.retention.max_age must be positive, was " + retentionMaxAge.get());
        }
    }

    /** In memory, holding at most {@code retentionMaxBytes} on the heap (tests). */
    public StorageSettings(long retentionMaxBytes) {
        this(
                Type.MEMORY,
                Path.of("data"),
                DEFAULT_SEGMENT_BYTES,
                new Flush.EveryBatch(),
                retentionMaxBytes,
                Optional.empty());
    }

    /**
     * In memory, a quarter of the heap: what is stored can never be what runs the server out of
     * memory. The default for settings built in code; a settings file defaults to {@link #disk}.
     */
    public static StorageSettings defaults() {
        return new StorageSettings(Runtime.getRuntime().maxMemory() / 4);
    }

    /** On disk under {@code dataDir}, with the default segment size, flush and retention. */
    public static StorageSettings disk(Path dataDir) {
        return new StorageSettings(
                Type.DISK,
                dataDir,
                DEFAULT_SEGMENT_BYTES,
                new Flush.EveryBatch(),
                DEFAULT_DISK_MAX_BYTES,
                Optional.of(DEFAULT_MAX_AGE));
    }

    public StorageSettings withSegmentBytes(long bytes) {
        return new StorageSettings(type, dataDir, bytes, flush, retentionMaxBytes, retentionMaxAge);
    }

    public StorageSettings withFlush(Flush policy) {
        return new StorageSettings(
                type, dataDir, segmentBytes, policy, retentionMaxBytes, retentionMaxAge);
    }

    public StorageSettings withRetention(long maxBytes, Optional<Duration> maxAge) {
        return new StorageSettings(type, dataDir, segmentBytes, flush, maxBytes, maxAge);
    }
}
