package dev.sluice.server;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.server.admin.AdminState;
import dev.sluice.server.admin.PluginAdmin;
import dev.sluice.server.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugins a settings file names: {@code plugin_paths} in order, then every {@code *.wasm}
 * in {@code plugin.directory} in name order. Each is loaded and enabled. One that cannot be loaded
 * keeps its place in the chain as FAILED and follows its {@code on_error} (reject: its records get
 * 503; allow: it is skipped) while its load is retried with backoff — a filter that fails to load
 * never lets records through unfiltered. With {@code plugin.require_all: true} the server refuses
 * to start instead.
 *
 * <p>What the management API changed ({@link AdminState}) is applied on top: an uploaded file in
 * place of the settings' one, uploads the settings do not name (after them), deletions, config and
 * permissions, disabled plugins, and the chain order.
 */
final class PluginBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBootstrap.class);

    private PluginBootstrap() {}

    static void loadAll(Settings settings, Sluice sluice, AdminState stored) {
        if (!settings.pluginsEnabled()) {
            LOG.info("plugins are disabled (plugin.enabled: false); records pass unfiltered");
            return;
        }
        var files = new ArrayList<>(settings.pluginPaths());
        settings.pluginDirectory().ifPresent(dir -> files.addAll(wasmFilesIn(dir, files)));
        var names = new HashSet<String>();
        for (Path configured : files) {
            String name = Sluice.pluginName(configured);
            names.add(name);
            var kept = stored.plugin(name);
            if (kept.isDeleted()) {
                LOG.info(
                        "plugin {} is not loaded: it was deleted through the management API"
                                + " (upload it again to bring it back)",
                        name);
                continue;
            }
            Path file = kept.file() == null ? configured : Path.of(kept.file());
            load(settings, sluice, stored, name, file);
        }
        // Plugins that exist only as uploads, in the order they were first uploaded.
        stored.plugins()
                .forEach(
                        (name, kept) -> {
                            if (!names.contains(name) && kept.file() != null && !kept.isDeleted()) {
                                load(settings, sluice, stored, name, Path.of(kept.file()));
                            }
                        });
        applyStored(sluice, stored);
        Set<String> loaded = new HashSet<>();
        sluice.plugins().forEach(p -> loaded.add(p.name()));
        for (String name : settings.overrides().keySet()) {
            if (!loaded.contains(name) && !stored.plugin(name).isDeleted()) {
                LOG.warn(
                        "{}: plugins.{} configures a plugin that is not loaded (loaded: {})",
                        settings.source(),
                        name,
                        loaded.isEmpty() ? "none" : String.join(", ", loaded));
            }
        }
    }

    /** Disables what the API disabled and puts the chain in the order the API set. */
    private static void applyStored(Sluice sluice, AdminState stored) {
        for (var p : sluice.plugins()) {
            if (Boolean.FALSE.equals(stored.plugin(p.name()).enabled())) {
                sluice.disable(p.name());
            }
        }
        if (stored.order() == null) {
            return;
        }
        var now = sluice.plugins().stream().map(p -> p.name()).toList();
        var order = new ArrayList<String>();
        stored.order().stream().filter(now::contains).forEach(order::add);
        now.stream().filter(n -> !order.contains(n)).forEach(order::add); // new ones last
        if (!order.equals(now)) {
            sluice.reorder(order);
        }
    }

    private static void load(
            Settings settings, Sluice sluice, AdminState stored, String name, Path file) {
        var pluginSettings = PluginAdmin.effective(settings, stored, name);
        String fileName = file.getFileName().toString();
        if (settings.requireAll()) {
            try {
                sluice.load(file, pluginSettings);
                sluice.enable(name);
            } catch (SluiceException e) {
                throw new SluiceServer.PluginRequiredException(
                        "plugin "
                                + fileName
                                + " cannot be loaded and "
                                + settings.source()
                                + " sets plugin.require_all: true: "
                                + reason(e));
            }
            return;
        }
        try {
            // One that cannot be loaded is logged by the engine and holds its place, FAILED.
            sluice.install(file, pluginSettings);
        } catch (SluiceException e) {
            LOG.error("Failed to load plugin {}: {}", fileName, reason(e));
        }
    }

    /** Why a load failed, without repeating the file name the log line already gives. */
    private static String reason(SluiceException e) {
        return e instanceof PluginValidationException invalid
                ? String.join("; ", invalid.problems())
                : e.getMessage();
    }

    private static List<Path> wasmFilesIn(Path dir, List<Path> already) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".wasm"))
                    .filter(Files::isRegularFile)
                    .map(Path::normalize)
                    .filter(p -> !already.contains(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            LOG.error("cannot list plugin.directory {}: {}", dir, e.toString());
            return List.of();
        }
    }
}
