package dev.sluice.internal.pipeline;

import dev.sluice.PluginLoadException;
import dev.sluice.UnknownPluginException;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.LoadedPlugin;
import dev.sluice.internal.runtime.PortRegistry;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered list of loaded plugins and the path every record takes through it.
 *
 * <p>The list is copy-on-write: loading and unloading are rare and copy it, while the record path
 * iterates a snapshot without any lock.
 */
public final class PluginChain {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final PluginSettings defaults;
    private final PluginEventListener listener;
    private final PortRegistry ports;
    private final CompileCache cache;
    private final CopyOnWriteArrayList<LoadedPlugin> plugins = new CopyOnWriteArrayList<>();

    /**
     * The plugins as an array, replaced whenever the list changes: the record path walks it by
     * index, which costs nothing, where the list's iterator showed up in profiles of every record.
     */
    private volatile LoadedPlugin[] order = new LoadedPlugin[0];

    /**
     * @param cache where compiled plugins are kept between loads, or null to compile every time
     */
    public PluginChain(
            PluginSettings defaults,
            PluginEventListener listener,
            Map<Integer, String> reserved,
            CompileCache cache) {
        this.defaults = defaults;
        this.listener = listener;
        this.ports = new PortRegistry(reserved);
        this.cache = cache;
    }

    public PluginSettings defaults() {
        return defaults;
    }

    public PluginStatus load(Path file, PluginSettings settings) {
        var inspected =
                cache == null
                        ? PluginInspector.load(file)
                        : PluginInspector.load(file, cache::holds);
        String name = inspected.descriptor().name();
        synchronized (plugins) {
            var existing = find(name);
            if (existing.isPresent()) {
                throw new PluginLoadException(
                        "plugin "
                                + name
                                + ": a plugin with that name is already loaded (from "
                                + existing.get().status().descriptor().path()
                                + "); plugin names come from file names and must be unique");
            }
            var plugin = LoadedPlugin.load(inspected, settings, listener, ports, cache);
            plugins.add(plugin);
            order = plugins.toArray(LoadedPlugin[]::new);
            var status = plugin.status();
            LOG.info(
                    "plugin {} loaded: {} {} ({} bytes){}",
                    name,
                    status.descriptor().contract().label(),
                    status.descriptor().form().label(),
                    status.descriptor().sizeBytes(),
                    status.port().isPresent() ? ", port " + status.port().getAsInt() : "");
            return status;
        }
    }

    public PluginStatus enable(String name) {
        var plugin = require(name);
        plugin.enable();
        return plugin.status();
    }

    public PluginStatus disable(String name) {
        var plugin = require(name);
        plugin.disable();
        return plugin.status();
    }

    public void unload(String name) {
        var plugin = require(name);
        synchronized (plugins) {
            plugins.remove(plugin);
            order = plugins.toArray(LoadedPlugin[]::new);
        }
        plugin.unload();
    }

    public Decision process(Record record) {
        var bytes = new RecordBytes(record);
        for (var plugin : order) {
            if (plugin.state() != PluginState.ENABLED || !plugin.hasBeforeStore()) {
                continue;
            }
            var rejection = plugin.beforeStore(bytes);
            if (rejection != null) {
                return rejection;
            }
        }
        return Decision.accept();
    }

    public void afterStore(StoredRecord stored) {
        RecordBytes bytes = null;
        for (var plugin : order) {
            if (plugin.state() != PluginState.ENABLED || !plugin.hasAfterStore()) {
                continue;
            }
            if (bytes == null) {
                bytes = new RecordBytes(stored.record());
            }
            plugin.afterStore(stored, bytes);
        }
    }

    public List<PluginStatus> statuses() {
        return plugins.stream().map(LoadedPlugin::status).toList();
    }

    public Optional<PluginStatus> status(String name) {
        return find(name).map(LoadedPlugin::status);
    }

    public Map<String, String> storedConfig(String name) {
        return require(name).storedConfig();
    }

    public void close() {
        var all = List.copyOf(plugins);
        for (int i = all.size() - 1; i >= 0; i--) {
            var plugin = all.get(i);
            synchronized (plugins) {
                plugins.remove(plugin);
                order = plugins.toArray(LoadedPlugin[]::new);
            }
            try {
                plugin.unload();
            } catch (RuntimeException e) {
                LOG.warn("plugin {}: unloading failed: {}", plugin.name(), e.toString());
            }
        }
    }

    private Optional<LoadedPlugin> find(String name) {
        return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    private LoadedPlugin require(String name) {
        return find(name)
                .orElseThrow(
                        () ->
                                new UnknownPluginException(
                                        name, plugins.stream().map(LoadedPlugin::name).toList()));
    }
}
