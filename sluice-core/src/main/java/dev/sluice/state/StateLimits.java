package dev.sluice.state;

import java.nio.charset.StandardCharsets;

/**
 * What one plugin may keep in its state. A store checks them atomically with the write, so a plugin
 * flooding keys gets an error naming the limit and the store holds only what fit.
 *
 * @param maxKeyBytes the longest key, in UTF-8 bytes ({@code state.max_key_bytes}; default 256)
 * @param maxValueBytes the largest value ({@code state.max_value_bytes}; default 64 KiB)
 * @param maxKeys how many keys the plugin may hold ({@code state.max_keys}; default 10000)
 * @param maxTotalBytes the keys' and values' bytes together ({@code state.max_total_bytes}; default
 *     16 MiB)
 */
public record StateLimits(int maxKeyBytes, int maxValueBytes, long maxKeys, long maxTotalBytes) {

    public static final int DEFAULT_MAX_KEY_BYTES = 256;
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final long DEFAULT_MAX_KEYS = 10_000;
    public static final long DEFAULT_MAX_TOTAL_BYTES = 16L * 1024 * 1024;

    private static final StateLimits DEFAULTS =
            new StateLimits(
                    DEFAULT_MAX_KEY_BYTES,
                    DEFAULT_MAX_VALUE_BYTES,
                    DEFAULT_MAX_KEYS,
                    DEFAULT_MAX_TOTAL_BYTES);

    public StateLimits {
        positive("max_key_bytes", maxKeyBytes);
        positive("max_value_bytes", maxValueBytes);
        positive("max_keys", maxKeys);
        positive("max_total_bytes", maxTotalBytes);
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "state." + key + " must be at least 1, was " + value);
        }
    }

    public static StateLimits defaults() {
        return DEFAULTS;
    }

    /** What an entry costs against {@code maxTotalBytes}: its key's and value's bytes. */
    public static long cost(String key, byte[] value) {
        return key.getBytes(StandardCharsets.UTF_8).length + (long) value.length;
    }

    /**
     * Checks a key (and a value, if not null) against the size limits.
     *
     * @throws StateException naming the limit the entry is over
     */
    public void checkEntry(String namespace, String key, byte[] value) {
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes == 0) {
            throw new StateException(StateException.Reason.LIMIT, "a state key must not be empty");
        }
        if (keyBytes > maxKeyBytes) {
            throw over(namespace, "max_key_bytes", maxKeyBytes, "a key of " + keyBytes + " bytes");
        }
        if (value != null && value.length > maxValueBytes) {
            throw over(
                    namespace,
                    "max_value_bytes",
                    maxValueBytes,
                    "a value of " + value.length + " bytes");
        }
    }

    /**
     * Checks what the namespace would hold after a write.
     *
     * @param keys the number of keys after it
     * @param totalBytes the bytes after it
     * @throws StateException naming the limit it would pass
     */
    public void checkUsage(String namespace, long keys, long totalBytes) {
        if (keys > maxKeys) {
            throw over(namespace, "max_keys", maxKeys, "a new key (it holds " + maxKeys + ")");
        }
        if (totalBytes > maxTotalBytes) {
            throw over(namespace, "max_total_bytes", maxTotalBytes, totalBytes + " bytes in all");
        }
    }

    /**
     * Checks a write of {@code value} at {@code key}, which held {@code old} (null: a new key),
     * against what the namespace holds before it, and returns the bytes it holds after it.
     *
     * @throws StateException naming the limit the write would pass
     */
    public long checkPut(
            String namespace, String key, byte[] old, byte[] value, StateUsage before) {
        long keys = before.keys() + (old == null ? 1 : 0);
        long bytes = before.bytes() - (old == null ? 0 : cost(key, old)) + cost(key, value);
        checkUsage(namespace, keys, bytes);
        return bytes;
    }

    /** The error for a limit passed: which limit, its value, and what to do. */
    public static StateException over(String namespace, String limit, long value, String what) {
        return new StateException(
                StateException.Reason.LIMIT,
                "state limit "
                        + limit
                        + " ("
                        + value
                        + ") of plugin "
                        + namespace
                        + " refuses "
                        + what
                        + "; nothing was written (delete keys, or raise state."
                        + limit
                        + " in the settings)");
    }
}
