package dev.sluice.server.catalog;

import java.util.Locale;

/**
 * A catalog step that failed: reading the index, fetching, checking or installing a plugin. Its
 * {@link Phase} says which; the message says what was wrong and what to do. Nothing was installed.
 */
public final class InstallRefused extends RuntimeException {

    /** Where reading or installing stopped; {@link #label()} is what the admin API answers. */
    public enum Phase {
        /** The catalog is not configured, cannot be reached, or its index is not a catalog's. */
        INDEX,
        /** No such name or version in the catalog. */
        NOT_FOUND,
        /** The plugin's bytes could not be fetched whole, in time, within the size limit. */
        DOWNLOAD,
        /** The bytes are not those the entry names (SHA-256 or size). */
        VERIFY,
        /** The entry has no signature, or it does not verify. */
        SIGNATURE,
        /** The entry is signed by a key the operator does not trust. */
        TRUST,
        /** A pinned name@version now names other bytes. */
        PIN,
        /** The plugin asks for permissions that are not granted. */
        PERMISSIONS,
        /** The bytes are not a valid plugin. */
        VALIDATE,
        /** The file could not be written where it belongs. */
        WRITE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Phase phase;

    public InstallRefused(Phase phase, String message) {
        super(message, null, false, false);
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }
}
