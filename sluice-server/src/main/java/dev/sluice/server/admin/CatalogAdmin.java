package dev.sluice.server.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.plugin.Permissions;
import dev.sluice.server.catalog.Catalog;
import dev.sluice.server.catalog.CatalogEntry;
import dev.sluice.server.catalog.CatalogIndex;
import dev.sluice.server.catalog.CatalogSource;
import dev.sluice.server.catalog.Grants;
import dev.sluice.server.catalog.InstallRefused;
import dev.sluice.server.catalog.Pins;
import dev.sluice.server.catalog.TrustedKeys;
import dev.sluice.server.catalog.Versions;
import dev.sluice.server.config.AdminSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog through the management API: {@code GET /admin/catalog} lists what {@code catalog.url}
 * offers with each entry's signature state and what is installed; {@code POST
 * /admin/catalog/install} fetches, checks ({@link Catalog#verify}) and puts a version in place
 * through {@link PluginAdmin#upload}, so an upgrade is the same hot reload, with the same rollback,
 * as an upload. Installs are pinned in {@code data_dir/admin/catalog-pins.json}.
 */
public final class CatalogAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogAdmin.class);

    private final PluginAdmin plugins;
    private final Optional<Catalog> catalog;
    private final Path pinFile;

    /** The body of {@code POST /admin/catalog/install}. */
    record InstallRequest(
            @JsonProperty("name") String name,
            @JsonProperty("version") String version,
            @JsonProperty("grant") List<String> grant) {}

    /**
     * @throws IllegalArgumentException naming a trusted key that cannot be read (the server does
     *     not start with a broken trust list)
     */
    public CatalogAdmin(PluginAdmin plugins, AdminSettings settings) {
        this.plugins = plugins;
        var c = settings.catalog();
        var keys = TrustedKeys.of(c.trustedKeys());
        this.catalog = c.url().map(url -> new Catalog(CatalogSource.at(url, c), keys));
        this.pinFile = settings.catalogPins();
    }

    synchronized Map<String, Object> list() {
        var c = configured();
        CatalogIndex index;
        try {
            index = c.source().readIndex();
        } catch (InstallRefused e) {
            throw new AdminError(
                    503,
                    "cannot read the catalog " + c.source().location() + ": " + e.getMessage(),
                    Map.of("phase", e.phase().label(), "catalog", c.source().location()));
        }
        var pins = Pins.read(pinFile);
        var entries = new ArrayList<Map<String, Object>>();
        String newestName = null;
        for (CatalogEntry e : index.entries()) {
            boolean newest = !e.name().equals(newestName);
            newestName = e.name();
            var installed = installed(e.name(), pins);
            var m = c.view(e);
            m.put("installed", installed.orElse(null));
            m.put(
                    "upgrade",
                    newest
                            && installed.isPresent()
                            && !e.sha256().equals(installed.get().get("sha256"))
                            && (installed.get().get("version") == null
                                    || newer(
                                            e.version(), (String) installed.get().get("version"))));
            entries.add(m);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("catalog", c.source().location());
        body.put("entries", entries);
        return body;
    }

    synchronized Map<String, Object> install(InstallRequest request) {
        var c = configured();
        if (request.name() == null || request.name().isBlank()) {
            throw new AdminError(
                    400, "the body must name the plugin: {\"name\": ..., \"grant\": [...]}");
        }
        String name = request.name();
        Optional<String> kept = plugins.runningSha(name);
        Permissions grant;
        try {
            grant = Grants.parse(request.grant() == null ? List.of() : request.grant());
        } catch (IllegalArgumentException e) {
            throw refused(400, "permissions", e.getMessage() + "; nothing was changed", kept);
        }
        var pins = Pins.read(pinFile);
        var granted = Grants.union(plugins.settingsFor(name).permissions(), grant);
        Catalog.Verified v;
        try {
            v = c.verify(name, request.version(), pins, granted, "\"grant\": [...] listing");
        } catch (InstallRefused e) {
            LOG.warn(
                    "management API: catalog install of {} refused ({}): {}",
                    name,
                    e.phase().label(),
                    e.getMessage());
            throw refused(status(e.phase()), e.phase().label(), e.getMessage(), kept);
        }
        var entry = v.entry();
        String action;
        if (kept.isPresent()
                && kept.get().equals(entry.sha256())
                && grant.equals(Permissions.none())) {
            action = "unchanged";
        } else {
            var uploaded =
                    plugins.upload(
                            name,
                            new ByteArrayInputStream(v.bytes()),
                            grant.equals(Permissions.none()) ? null : granted);
            action =
                    switch ((String) uploaded.body().get("status")) {
                        case "loaded" -> "installed";
                        case "replaced" -> "upgraded";
                        default -> "unchanged";
                    };
        }
        try {
            pins.with(entry).write(pinFile);
        } catch (IOException e) {
            throw new AdminError(
                    500,
                    entry.label()
                            + " was installed but its pin could not be saved to "
                            + pinFile
                            + " ("
                            + e.getMessage()
                            + ")");
        }
        LOG.info(
                "management API: {} from the catalog {} ({}, sha256 {})",
                entry.label(),
                c.source().location(),
                action,
                entry.sha256());
        var body = new LinkedHashMap<String, Object>();
        body.put("name", name);
        body.put("version", entry.version());
        body.put("sha256", entry.sha256());
        body.put("action", action);
        body.put("granted", Grants.tokens(plugins.settingsFor(name).permissions()));
        return body;
    }

    private Catalog configured() {
        return catalog.orElseThrow(
                () ->
                        new AdminError(
                                409,
                                "no catalog is configured: set catalog.url in the settings file"
                                        + " (an http(s) URL of an index, or a folder holding"
                                        + " index.json) and restart",
                                Map.of("phase", "index")));
    }

    /** What runs now, with the version its pin names when the pin has the running bytes. */
    private Optional<Map<String, Object>> installed(String name, Pins pins) {
        return plugins.runningSha(name)
                .map(
                        sha -> {
                            var m = new LinkedHashMap<String, Object>();
                            m.put(
                                    "version",
                                    pins.installed(name)
                                            .filter(p -> p.sha256().equals(sha))
                                            .map(Pins.Pin::version)
                                            .orElse(null));
                            m.put("sha256", sha);
                            return m;
                        });
    }

    private static boolean newer(String a, String b) {
        return Versions.compare(a, b) > 0;
    }

    private static int status(InstallRefused.Phase phase) {
        return switch (phase) {
            case NOT_FOUND -> 404;
            case INDEX -> 503;
            case PERMISSIONS -> 403;
            case DOWNLOAD, VERIFY, SIGNATURE, TRUST, PIN, VALIDATE -> 422;
            case WRITE -> 500;
        };
    }

    private static AdminError refused(
            int status, String phase, String message, Optional<String> kept) {
        var more = new LinkedHashMap<String, Object>();
        more.put("phase", phase);
        more.put("kept", kept.orElse(null));
        return new AdminError(status, message, more);
    }
}
