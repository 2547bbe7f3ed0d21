package dev.sluice.server.config;

/**
 * How much the in-memory topic log may hold ({@code storage:} in the settings file).
 *
 * @param retentionMaxBytes what all stored records together may cost on the heap before the oldest
 *     are removed ({@code storage.retention.max_bytes})
 */
public record StorageSettings(long retentionMaxBytes) {

    public StorageSettings {
        if (retentionMaxBytes <= 0) {
            throw new IllegalArgumentException(
                    "storage.retention.max_bytes must be positive, was " + retentionMaxBytes);
        }
    }

    /** A quarter of the heap: what is stored can never be what runs the server out of memory. */
    public static StorageSettings defaults() {
        return new StorageSettings(Runtime.getRuntime().maxMemory() / 4);
    }
}
