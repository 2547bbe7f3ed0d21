package dev.sluice.internal.pipeline;

import dev.sluice.PluginLoadException;
import dev.sluice.UnknownPluginException;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.LoadedPlugin;
import dev.sluice.internal.runtime.MemoryBudget;
import dev.sluice.internal.runtime.PortRegistry;
import dev.sluice.plugin.EventDelivery;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.plugin.ServiceMetric;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered list of plugins and the path every record takes through it.
 *
 * <p>The chain is an array replaced whenever a plugin is added or removed (under {@code lock}): the
 * record path walks the current array by index without any lock.
 */
public final class PluginChain {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final PluginSettings defaults;
    private final PluginEventListener listener;
    private final PortRegistry ports;
    private final CompileCache cache;
    private final MemoryBudget budget;
    private final Partitioner partitioner;
    private final HttpClientLimits httpLimits;
    private final Object lock = new Object();

    /** Retries loading plugins that could not be loaded; started with the first such plugin. */
    private ScheduledExecutorService retries;

    private volatile LoadedPlugin[] order = new LoadedPlugin[0];

    /**
     * @param cache where compiled plugins are kept between loads, or null to compile every time
     * @param budget the memory all plugin instances may reserve together
     */
    public PluginChain(
            PluginSettings defaults,
            PluginEventListener listener,
            Map<Integer, String> reserved,
            CompileCache cache,
            MemoryBudget budget,
            Partitioner partitioner,
            HttpClientLimits httpLimits) {
        this.defaults = defaults;
        this.httpLimits = httpLimits;
        this.listener = listener;
        this.ports = new PortRegistry(reserved);
        this.cache = cache;
        this.budget = budget;
        this.partitioner = partitioner;
    }

    public PluginSettings defaults() {
        return defaults;
    }

    public long memoryBudget() {
        return budget.total();
    }

    /** Loads a plugin, or throws saying why it cannot be loaded; the chain is then unchanged. */
    public PluginStatus load(Path file, PluginSettings settings) {
        var inspected = inspect(file);
        String name = inspected.descriptor().name();
        synchronized (lock) {
            checkUnique(name);
            var plugin = LoadedPlugin.load(inspected, source(name, file), settings);
            add(plugin);
            logLoaded(plugin.status());
            return plugin.status();
        }
    }

    /**
     * Loads and enables a plugin the chain must have. One that cannot be loaded still takes its
     * place, FAILED, following its {@code on_error}; its load is retried with the breaker's
     * backoff.
     */
    public PluginStatus install(Path file, PluginSettings settings) {
        String name = PluginInspector.pluginName(file.getFileName().toString());
        synchronized (lock) {
            checkUnique(name);
            var plugin = LoadedPlugin.install(source(name, file), settings);
            add(plugin);
            var status = plugin.status();
            if (plugin.loadRetryIn().isPresent()) {
                LOG.error(
                        "plugin {} could not be loaded and holds its place in the chain as"
                                + " Failed (on_error: {}): {}",
                        name,
                        settings.onError().name().toLowerCase(Locale.ROOT),
                        status.failureReason().orElse(""));
                scheduleRetry(plugin);
            } else {
                logLoaded(status);
            }
            return status;
        }
    }

    private LoadedPlugin.Source source(String name, Path file) {
        return new LoadedPlugin.Source(
                name,
                file,
                () -> inspect(file),
                listener,
                ports,
                cache,
                budget,
                partitioner,
                httpLimits);
    }

    private InspectedPlugin inspect(Path file) {
        return cache == null
                ? PluginInspector.load(file)
                : PluginInspector.load(file, cache::holds);
    }

    private void checkUnique(String name) {
        var existing = find(name);
        if (existing.isPresent()) {
            throw new PluginLoadException(
                    "plugin "
                            + name
                            + ": a plugin with that name is already loaded (from "
                            + existing.get().status().path()
                            + "); plugin names come from file names and must be unique");
        }
    }

    private void add(LoadedPlugin plugin) {
        var next = Arrays.copyOf(order, order.length + 1);
        next[order.length] = plugin;
        order = next;
    }

    private void scheduleRetry(LoadedPlugin plugin) {
        var wait = plugin.loadRetryIn();
        if (wait.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (retries == null) {
                retries =
                        Executors.newSingleThreadScheduledExecutor(
                                r -> {
                                    var t = new Thread(r, "sluice-plugin-retry");
                                    t.setDaemon(true);
                                    return t;
                                });
            }
            retries.schedule(
                    () -> {
                        if (!plugin.retryLoad()) {
                            scheduleRetry(plugin);
                        }
                    },
                    Math.max(1, wait.get().toNanos()),
                    TimeUnit.NANOSECONDS);
        }
    }

    private static void logLoaded(PluginStatus status) {
        var d = status.descriptor().orElseThrow();
        LOG.info(
                "plugin {} loaded: {} {} ({} bytes){}",
                status.name(),
                d.contract().label(),
                d.form().label(),
                d.sizeBytes(),
                status.port().isPresent() ? ", port " + status.port().getAsInt() : "");
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
        remove(plugin);
        plugin.unload();
    }

    private void remove(LoadedPlugin plugin) {
        synchronized (lock) {
            order = Arrays.stream(order).filter(p -> p != plugin).toArray(LoadedPlugin[]::new);
        }
    }

    /**
     * Runs records through every active plugin, in chain order, each plugin seeing the whole batch
     * at once: what a plugin emits in place of a record is what the next plugin sees, and a
     * rejection of any of them rejects the input it came from.
     *
     * @param steps where each plugin call is described (a dry run), or null
     * @return one decision per input, in order
     */
    public List<Decision> process(List<Record> inputs, List<ChainTrace.Step> steps) {
        var pass = new ChainPass(inputs);
        for (var plugin : order) {
            if (!plugin.active() || !plugin.hasBeforeStore() && !plugin.hasAfterStore()) {
                continue;
            }
            var batch = pass.batchFor(plugin.name(), plugin.maxRecordBytes());
            if (!batch.isEmpty() && plugin.hasBeforeStore()) {
                pass.apply(plugin.beforeStore(batch, pass.batchSizes(), steps));
            }
        }
        return pass.decisions();
    }

    /**
     * Tells every active plugin with a post-store hook that records were stored, all of them in one
     * go (one call per record for contracts that take one at a time).
     */
    public void afterStore(List<StoredRecord> stored) {
        long[] sizes = null;
        for (var plugin : order) {
            if (!plugin.active() || !plugin.hasAfterStore()) {
                continue;
            }
            if (sizes == null) {
                sizes = stored.stream().mapToLong(s -> s.record().sizeBytes()).toArray();
            }
            long max = plugin.maxRecordBytes();
            if (Arrays.stream(sizes).allMatch(size -> size <= max)) {
                plugin.afterStore(stored, sizes);
                continue;
            }
            // Only what the plugin's limit lets it see (routed outputs may be larger).
            var fitting = new ArrayList<StoredRecord>(stored.size());
            long[] fittingSizes = new long[stored.size()];
            for (int i = 0; i < stored.size(); i++) {
                if (sizes[i] <= max) {
                    fittingSizes[fitting.size()] = sizes[i];
                    fitting.add(stored.get(i));
                }
            }
            if (!fitting.isEmpty()) {
                plugin.afterStore(fitting, fittingSizes);
            }
        }
    }

    /**
     * Delivers a host event to every active plugin with a hook for it, in chain order, on the
     * calling thread; a plugin that fails on it is counted and logged, never thrown.
     */
    public EventDelivery dispatch(HostEvent event) {
        var delivered = new ArrayList<String>();
        var failed = new LinkedHashMap<String, String>();
        for (var plugin : order) {
            if (!plugin.active() || !plugin.hasEventHook(event.name())) {
                continue;
            }
            var failure = plugin.dispatch(event);
            if (failure.isPresent()) {
                failed.put(plugin.name(), failure.get());
            } else {
                delivered.add(plugin.name());
            }
        }
        if (delivered.isEmpty() && failed.isEmpty()) {
            LOG.debug("event {}: no enabled plugin has a hook for it", event);
        }
        return new EventDelivery(event.name(), delivered, failed);
    }

    public List<PluginStatus> statuses() {
        return Arrays.stream(order).map(LoadedPlugin::status).toList();
    }

    /** Every metric every plugin in the chain defined, plugin by plugin in chain order. */
    public List<PluginMetric> pluginMetrics() {
        return Arrays.stream(order).flatMap(p -> p.metrics().stream()).toList();
    }

    /** The host's service metrics for every plugin in the chain, in chain order. */
    public List<ServiceMetric> serviceMetrics() {
        return Arrays.stream(order).flatMap(p -> p.serviceMetrics().stream()).toList();
    }

    public Optional<PluginStatus> status(String name) {
        return find(name).map(LoadedPlugin::status);
    }

    public Map<String, String> storedConfig(String name) {
        return require(name).storedConfig();
    }

    public void close() {
        synchronized (lock) {
            if (retries != null) {
                retries.shutdownNow();
            }
        }
        var all = new ArrayList<>(List.of(order));
        for (int i = all.size() - 1; i >= 0; i--) {
            var plugin = all.get(i);
            remove(plugin);
            try {
                plugin.unload();
            } catch (RuntimeException e) {
                LOG.warn("plugin {}: unloading failed: {}", plugin.name(), e.toString());
            }
        }
    }

    private Optional<LoadedPlugin> find(String name) {
        return Arrays.stream(order).filter(p -> p.name().equals(name)).findFirst();
    }

    private LoadedPlugin require(String name) {
        return find(name)
                .orElseThrow(
                        () ->
                                new UnknownPluginException(
                                        name,
                                        Arrays.stream(order).map(LoadedPlugin::name).toList()));
    }
}
