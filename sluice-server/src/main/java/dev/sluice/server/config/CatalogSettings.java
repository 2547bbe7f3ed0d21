package dev.sluice.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plugin catalog ({@code catalog:} in the settings file; docs/catalog.md).
 *
 * @param url {@code catalog.url}: the catalog the server browses and installs from, an http(s) URL
 *     of an index or a folder holding {@code index.json} (relative to the settings file); empty for
 *     none
 * @param trustedKeys {@code catalog.trusted_keys}: publisher keys, each an inline {@code
 *     ed25519:BASE64} key or the path of a {@code .pub} file (made absolute)
 * @param maxIndexBytes {@code catalog.max_index}: the largest index read (default 1 MiB)
 * @param maxDownloadBytes {@code catalog.max_download}: the largest plugin fetched (default 64 MiB)
 * @param timeout {@code catalog.timeout}: how long connecting, each read, and a whole fetch may
 *     take (default 30s)
 */
public record CatalogSettings(
        Optional<String> url,
        List<String> trustedKeys,
        long maxIndexBytes,
        long maxDownloadBytes,
        Duration timeout) {

    public static final long DEFAULT_MAX_INDEX = 1L << 20;
    public static final long DEFAULT_MAX_DOWNLOAD = 64L << 20;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public CatalogSettings {
        Objects.requireNonNull(url, "url");
        trustedKeys = List.copyOf(trustedKeys);
        if (maxIndexBytes < 1 || maxDownloadBytes < 1) {
            throw new IllegalArgumentException("catalog size limits must be positive");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("catalog.timeout must be positive");
        }
    }

    /** No catalog configured, no key trusted, default limits. */
    public static CatalogSettings none() {
        return new CatalogSettings(
                Optional.empty(),
                List.of(),
                DEFAULT_MAX_INDEX,
                DEFAULT_MAX_DOWNLOAD,
                DEFAULT_TIMEOUT);
    }

    public CatalogSettings withUrl(String newUrl) {
        return new CatalogSettings(
                Optional.ofNullable(newUrl), trustedKeys, maxIndexBytes, maxDownloadBytes, timeout);
    }

    public CatalogSettings withTrustedKeys(List<String> keys) {
        return new CatalogSettings(url, keys, maxIndexBytes, maxDownloadBytes, timeout);
    }

    public CatalogSettings withTimeout(Duration t) {
        return new CatalogSettings(url, trustedKeys, maxIndexBytes, maxDownloadBytes, t);
    }

    public CatalogSettings withLimits(long maxIndex, long maxDownload) {
        return new CatalogSettings(url, trustedKeys, maxIndex, maxDownload, timeout);
    }
}
