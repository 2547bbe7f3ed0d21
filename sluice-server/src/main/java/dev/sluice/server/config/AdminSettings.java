package dev.sluice.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The management API ({@code admin:} in the settings file).
 *
 * @param enabled {@code admin.enabled}; default true for a settings file, false for settings made
 *     in code
 * @param dataDir where uploads ({@code data_dir/plugins}) and API changes ({@code
 *     data_dir/admin/state.json}) are kept
 * @param tokenFile {@code admin.token_file}; default {@code data_dir/admin.token}, made with a
 *     random token at first start when absent
 * @param maxUpload {@code admin.max_upload}: the largest plugin file an upload may send (default 64
 *     MiB); a larger one gets 413 and nothing is written
 * @param catalog the plugin catalog ({@code catalog:}): what the API browses and installs from, and
 *     the publisher keys trusted; {@code sluice plugin install -s} reads it too
 */
public record AdminSettings(
        boolean enabled, Path dataDir, Path tokenFile, long maxUpload, CatalogSettings catalog) {

    public static final long DEFAULT_MAX_UPLOAD = 64L * 1024 * 1024;

    public AdminSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tokenFile, "tokenFile");
        Objects.requireNonNull(catalog, "catalog");
        if (maxUpload < 1) {
            throw new IllegalArgumentException("admin.max_upload must be positive");
        }
    }

    /** No management API: what settings made in code get. */
    public static AdminSettings off() {
        return new AdminSettings(
                false, Path.of("data"), Path.of("data", "admin.token"), 1, CatalogSettings.none());
    }

    /** The API on, keeping its files in {@code dataDir}, with the default token file and cap. */
    public static AdminSettings in(Path dataDir) {
        return new AdminSettings(
                true,
                dataDir,
                dataDir.resolve("admin.token"),
                DEFAULT_MAX_UPLOAD,
                CatalogSettings.none());
    }

    /** Where uploaded plugin files are kept. */
    public Path uploads() {
        return dataDir.resolve("plugins");
    }

    /** Where the API's changes are kept. */
    public Path stateFile() {
        return dataDir.resolve("admin").resolve("state.json");
    }

    /** Where catalog installs are pinned. */
    public Path catalogPins() {
        return dataDir.resolve("admin").resolve("catalog-pins.json");
    }

    /** The same API with this catalog (tests). */
    public AdminSettings withCatalog(CatalogSettings c) {
        return new AdminSettings(enabled, dataDir, tokenFile, maxUpload, c);
    }

    static AdminSettings of(
            Path dataDir,
            Optional<Path> tokenFile,
            long maxUpload,
            boolean on,
            CatalogSettings catalog) {
        return new AdminSettings(
                on, dataDir, tokenFile.orElse(dataDir.resolve("admin.token")), maxUpload, catalog);
    }
}
