package dev.sluice.server.admin;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.UnknownPluginException;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.server.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the management API does to the engine, one change at a time: each is made on the engine
 * ({@link Sluice#replace}, {@link Sluice#grant}, …) and then recorded in {@link AdminState}, so it
 * survives a restart. A change the engine refuses is not recorded.
 */
public final class PluginAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(PluginAdmin.class);

    /** What a plugin may be called: it becomes a file name and a metric label. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Sluice sluice;
    private final Settings settings;
    private final Uploads uploads;
    private final ActivityRings rings;
    private final Path stateFile;
    private final Runnable loaded;
    private volatile AdminState state;

    /**
     * @param loaded told after an upload added a plugin to the chain (the server's metrics then
     *     export it too)
     */
    public PluginAdmin(
            Sluice sluice,
            Settings settings,
            AdminState state,
            ActivityRings rings,
            Runnable loaded) {
        this.sluice = sluice;
        this.loaded = loaded;
        this.settings = settings;
        this.state = state;
        this.rings = rings;
        this.uploads = new Uploads(settings.admin().uploads(), settings.admin().maxUpload());
        this.stateFile = settings.admin().stateFile();
    }

    /**
     * The settings a plugin runs with: the settings file's, with the config and permissions the API
     * set in their place (the API's last change wins; see docs/operations.md).
     */
    public static PluginSettings effective(Settings settings, AdminState state, String name) {
        var stored = state.plugin(name);
        var base = settings.settingsFor(name);
        if (stored.config() == null && stored.permissions() == null) {
            return base;
        }
        var b = base.toBuilder();
        if (stored.config() != null) {
            b.withConfig(stored.config());
        }
        if (stored.permissions() != null) {
            b.withPermissions(stored.permissions().toPermissions());
        }
        return b.build();
    }

    public PluginSettings settingsFor(String name) {
        return effective(settings, state, name);
    }

    long maxUpload() {
        return uploads.maxBytes();
    }

    // ---- reading ----

    synchronized Map<String, Object> list() {
        var chain = sluice.plugins().stream().map(PluginStatus::name).toList();
        var summaries =
                sluice.plugins().stream()
                        .map(p -> PluginView.summary(sluice, p, uploaded(p)))
                        .toList();
        return Map.of("chain", chain, "plugins", summaries);
    }

    synchronized Map<String, Object> detail(String name) {
        var p = status(name);
        var stored = state.plugin(name).permissions();
        var permissions = stored != null ? stored : PermissionsJson.of(p.settings().permissions());
        return PluginView.detail(sluice, p, uploaded(p), permissions, rings);
    }

    private Map<String, Object> summary(String name) {
        var p = status(name);
        return PluginView.summary(sluice, p, uploaded(p));
    }

    /** The SHA-256 of the running version of {@code name}, if one runs. */
    synchronized Optional<String> runningSha(String name) {
        return sluice.plugin(name).flatMap(p -> p.descriptor().map(d -> d.sha256()));
    }

    private PluginStatus status(String name) {
        return sluice.plugin(name).orElseThrow(() -> AdminError.unknown(name));
    }

    private boolean uploaded(PluginStatus p) {
        return uploads.holds(p.path());
    }

    // ---- changing ----

    /** The outcome of an upload: 201 loaded, 200 replaced or unchanged. */
    record Uploaded(int status, Map<String, Object> body) {}

    /**
     * Puts an uploaded version in place: a new plugin is loaded and enabled at the end of the
     * chain; a running one is hot-reloaded, and keeps serving if the new version fails.
     */
    synchronized Uploaded upload(String name, InputStream body) {
        return upload(name, body, null);
    }

    /**
     * An upload that also grants {@code grant} (a catalog install): the plugin is loaded or
     * reloaded with it, and the grant is saved only if that works.
     */
    synchronized Uploaded upload(String name, InputStream body, Permissions grant) {
        checkName(name);
        Path file;
        try {
            file = uploads.receive(name, body);
        } catch (Uploads.TooLarge e) {
            throw new AdminError(
                    413,
                    "the plugin file is larger than admin.max_upload ("
                            + uploads.maxBytes()
                            + " bytes); nothing was changed. Raise admin.max_upload to upload it");
        } catch (IOException e) {
            throw new AdminError(
                    500,
                    "cannot store the upload under "
                            + settings.admin().uploads()
                            + ": "
                            + e.getMessage());
        }
        var running = sluice.plugin(name);
        var next =
                grant == null
                        ? state
                        : state.with(
                                name,
                                state.plugin(name).withPermissions(PermissionsJson.of(grant)));
        var wanted = effective(settings, next, name);
        if (running.isEmpty()) {
            try {
                sluice.load(file, wanted);
                sluice.enable(name);
            } catch (SluiceException e) {
                uploads.remove(file);
                throw rollback(name, e, null);
            }
            loaded.run();
            save(next.with(name, next.plugin(name).withFile(file.toString()).withEnabled(true)));
            LOG.info("management API: plugin {} uploaded and loaded from {}", name, file);
            return new Uploaded(201, Map.of("status", "loaded", "plugin", summary(name)));
        }
        Path before = running.get().path();
        String kept = running.get().descriptor().map(d -> d.sha256()).orElse(null);
        boolean changed;
        try {
            changed = sluice.replace(name, file, wanted).changed();
        } catch (UnknownPluginException e) {
            uploads.remove(file);
            throw AdminError.unknown(name);
        } catch (SluiceException e) {
            if (!file.equals(before)) {
                uploads.remove(file);
            }
            throw rollback(name, e, kept);
        }
        if (!changed) {
            if (!file.equals(before)) {
                uploads.remove(file); // the running file has these bytes already
            }
            if (grant != null) {
                sluice.grant(name, wanted.permissions());
                save(next);
            }
            return new Uploaded(200, Map.of("status", "unchanged", "plugin", summary(name)));
        }
        save(next.with(name, next.plugin(name).withFile(file.toString())));
        if (!before.equals(file)) {
            uploads.remove(before); // a superseded upload; a settings file is never touched
        }
        LOG.info("management API: plugin {} replaced by an upload ({})", name, file);
        return new Uploaded(200, Map.of("status", "replaced", "plugin", summary(name)));
    }

    private AdminError rollback(String name, SluiceException e, String kept) {
        String phase = phase(e);
        String why =
                e instanceof PluginValidationException v
                        ? String.join("; ", v.problems())
                        : e.getMessage();
        rings.failed(
                new PluginActivity.Failed(
                        name,
                        Instant.now(),
                        PluginActivity.FailureKind.LOAD,
                        "upload rejected (" + phase + "): " + why));
        var more = new LinkedHashMap<String, Object>();
        more.put("phase", phase);
        more.put("plugin", name);
        more.put("kept", kept);
        String message =
                kept == null ? "plugin " + name + " was not loaded (" + phase + "): " + why : why;
        return new AdminError(422, message, more);
    }

    /** Which step a load failed at, from the engine's own wording of it. */
    static String phase(SluiceException e) {
        if (e instanceof PluginValidationException
                || e.getCause() instanceof PluginValidationException) {
            return "validate";
        }
        String m = e.getMessage().toLowerCase(Locale.ROOT);
        if (m.contains("compil")) {
            return "compile";
        }
        if (m.contains(" port ")) {
            return "port";
        }
        return "init";
    }

    /** Loads the plugin's file again (a no-op when its bytes and settings are the same). */
    synchronized Map<String, Object> reload(String name) {
        var p = status(name);
        try {
            sluice.replace(name, p.path(), settingsFor(name));
        } catch (SluiceException e) {
            throw rollback(name, e, p.descriptor().map(d -> d.sha256()).orElse(null));
        }
        return summary(name);
    }

    synchronized Map<String, Object> enable(String name, boolean on) {
        status(name);
        if (on) {
            sluice.enable(name);
        } else {
            sluice.disable(name);
        }
        save(state.with(name, state.plugin(name).withEnabled(on)));
        return summary(name);
    }

    synchronized Map<String, Object> delete(String name) {
        var p = status(name);
        sluice.unload(name);
        rings.forget(name);
        save(state.deleted(name));
        uploads.remove(p.path());
        LOG.info("management API: plugin {} deleted", name);
        return Map.of("deleted", name);
    }

    /** New configuration: a reload under the new settings (what the plugin stored stays). */
    synchronized Map<String, Object> config(String name, Map<String, String> config) {
        var p = status(name);
        var next = state.with(name, state.plugin(name).withConfig(Map.copyOf(config)));
        try {
            sluice.replace(name, p.path(), effective(settings, next, name));
        } catch (SluiceException e) {
            throw rollback(name, e, p.descriptor().map(d -> d.sha256()).orElse(null));
        }
        save(next);
        return detail(name);
    }

    /** A new grant, at once and without a reload ({@link Sluice#grant}). */
    synchronized Map<String, Object> permissions(String name, PermissionsJson permissions) {
        status(name);
        Permissions grant;
        try {
            grant = permissions.toPermissions();
        } catch (IllegalArgumentException e) {
            throw new AdminError(400, e.getMessage() + "; nothing was changed");
        }
        sluice.grant(name, grant);
        save(state.with(name, state.plugin(name).withPermissions(PermissionsJson.of(grant))));
        return detail(name);
    }

    synchronized Map<String, Object> chain(List<String> order) {
        var loaded = sluice.plugins().stream().map(PluginStatus::name).toList();
        if (order.size() != loaded.size() || !new HashSet<>(order).equals(new HashSet<>(loaded))) {
            throw new AdminError(
                    400,
                    "the order must name every loaded plugin once: "
                            + String.join(", ", loaded)
                            + "; nothing was changed",
                    Map.of("chain", loaded));
        }
        sluice.reorder(order);
        save(state.withOrder(order));
        return Map.of("chain", order);
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches() || name.endsWith(".wasm")) {
            throw new AdminError(
                    400,
                    "'"
                            + name
                            + "' is not a plugin name: 1 to 128 letters, digits, '_', '.', '-',"
                            + " starting with a letter or digit, without .wasm");
        }
    }

    private void save(AdminState next) {
        state = next;
        try {
            next.write(stateFile);
        } catch (IOException e) {
            throw new AdminError(
                    500,
                    "the change was made but could not be saved to "
                            + stateFile
                            + " ("
                            + e.getMessage()
                            + "); it is lost at the next restart unless the folder is fixed");
        }
    }
}
