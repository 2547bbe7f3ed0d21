package dev.sluice.server.cli.catalog;

import dev.sluice.server.catalog.Catalog;
import dev.sluice.server.catalog.CatalogSource;
import dev.sluice.server.catalog.TrustedKeys;
import dev.sluice.server.config.CatalogSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.server.config.Units;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which catalog a command reads and whom it trusts: {@code --catalog} (else the settings' {@code
 * catalog.url}), the settings' {@code catalog.trusted_keys} plus each {@code --trust}.
 */
public final class CatalogOptions {

    /** A command line that cannot be acted on; the message says what to pass. */
    public static final class Usage extends RuntimeException {
        public Usage(String message) {
            super(message, null, false, false);
        }
    }

    @Option(
            names = "--catalog",
            paramLabel = "URL|DIR",
            description = "the catalog: an index URL, or a folder with index.json")
    String location;

    @Option(
            names = "--trust",
            paramLabel = "KEY.pub",
            description = "trust this publisher key too (repeatable)")
    List<Path> trust = new ArrayList<>();

    @Option(
            names = {"-s", "--settings"},
            paramLabel = "FILE",
            description = "read catalog: and plugin: from this settings file")
    Path settingsFile;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "connect/read time limit (default: catalog.timeout, else 30s)")
    String timeout;

    private Settings loaded;

    public Optional<Settings> settings() {
        if (settingsFile == null) {
            return Optional.empty();
        }
        if (loaded == null) {
            loaded = SettingsLoader.load(settingsFile);
        }
        return Optional.of(loaded);
    }

    public boolean namesCatalog() {
        return location != null;
    }

    /** The catalog settings with the command line's in their place. */
    public CatalogSettings catalogSettings() {
        var c = settings().map(s -> s.admin().catalog()).orElse(CatalogSettings.none());
        if (location != null) {
            c = c.withUrl(location);
        }
        var keys = new ArrayList<>(c.trustedKeys());
        trust.forEach(p -> keys.add(p.toAbsolutePath().toString()));
        c = c.withTrustedKeys(keys);
        if (timeout != null) {
            try {
                c = c.withTimeout(Units.parseDuration(timeout));
            } catch (IllegalArgumentException e) {
                throw new Usage("--timeout " + timeout + ": " + e.getMessage());
            }
        }
        return c;
    }

    public Catalog catalog() {
        var c = catalogSettings();
        String url =
                c.url()
                        .orElseThrow(
                                () ->
                                        new Usage(
                                                "no catalog: pass --catalog URL|DIR, or -s a"
                                                        + " settings file with catalog.url"));
        return new Catalog(CatalogSource.at(url, c), TrustedKeys.of(c.trustedKeys()));
    }
}
