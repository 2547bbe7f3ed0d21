package dev.sluice.server;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
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
 */
final class PluginBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBootstrap.class);

    private PluginBootstrap() {}

    static void loadAll(Settings settings, Sluice sluice) {
        if (!settings.pluginsEnabled()) {
            LOG.info("plugins are disabled (plugin.enabled: false); records pass unfiltered");
            return;
        }
        var files = new ArrayList<>(settings.pluginPaths());
        settings.pluginDirectory().ifPresent(dir -> files.addAll(wasmFilesIn(dir, files)));
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = Sluice.pluginName(file);
            if (settings.requireAll()) {
                try {
                    sluice.load(file, settings.settingsFor(name));
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
                continue;
            }
            try {
                // One that cannot be loaded is logged by the engine and holds its place, FAILED.
                sluice.install(file, settings.settingsFor(name));
            } catch (SluiceException e) {
                LOG.error("Failed to load plugin {}: {}", fileName, reason(e));
            }
        }
        Set<String> loaded = new HashSet<>();
        sluice.plugins().forEach(p -> loaded.add(p.name()));
        for (String name : settings.overrides().keySet()) {
            if (!loaded.contains(name)) {
                LOG.warn(
                        "{}: plugins.{} configures a plugin that is not loaded (loaded: {})",
                        settings.source(),
                        name,
                        loaded.isEmpty() ? "none" : String.join(", ", loaded));
            }
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
