package dev.sluice.internal.pipeline;

import dev.sluice.PluginLoadException;
import dev.sluice.SluiceException;
import dev.sluice.UnknownPluginException;
import dev.sluice.event.EventLimits;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.loader.CompiledModules;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.LoadedPlugin;
import dev.sluice.internal.runtime.MemoryBudget;
import dev.sluice.internal.runtime.PortRegistry;
import dev.sluice.internal.services.ServiceGrants;
import dev.sluice.internal.services.events.EventBus;
import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.Contract;
import dev.sluice.plugin.EventDelivery;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginActivityListener;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.plugin.Replacement;
import dev.sluice.plugin.ServiceMetric;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
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
    private final PluginActivityListener activity;
    private final PortRegistry ports;
    private final CompileCache cache;
    private final MemoryBudget budget;
    private final Partitioner partitioner;
    private final StateStore stateStore;
    private final EventBus bus;
    private final HttpClientLimits httpLimits;
    private final Object lock = new Object();

    /** One hot reload at a time: each compiles and initialises off the record path. */
    private final Object replacing = new Object();

    /** How long a replaced version waits for the calls still inside it before it is unloaded. */
    private static final Duration HAND_OVER_WAIT = Duration.ofSeconds(30);

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
            StateStore stateStore,
            EventLimits events,
            HttpClientLimits httpLimits,
            PluginActivityListener activity) {
        this.defaults = defaults;
        this.activity = activity;
        this.bus = new EventBus(events);
        this.httpLimits = httpLimits;
        this.listener = listener;
        this.ports = new PortRegistry(reserved);
        this.cache = cache;
        this.budget = budget;
        this.partitioner = partitioner;
        this.stateStore = stateStore;
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
            logLoaded(plugin.status(), plugin.permissions());
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
                logLoaded(status, plugin.permissions());
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
                stateStore,
                bus,
                httpLimits,
                activity);
    }

    private InspectedPlugin inspect(Path file) {
        return PluginInspector.loadToRun(file, cache == null ? CompiledModules.NONE : cache);
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

    private static void logLoaded(PluginStatus status, Permissions granted) {
        var d = status.descriptor().orElseThrow();
        LOG.info(
                "plugin {} loaded: {} {} ({} bytes){}; granted: {}",
                status.name(),
                d.contract().label(),
                d.form().label(),
                d.sizeBytes(),
                status.port().isPresent() ? ", port " + status.port().getAsInt() : "",
                describe(granted));
        var missing = ServiceGrants.ungranted(d.services(), granted);
        if (!missing.isEmpty()) {
            LOG.warn(
                    "plugin {} imports {} but is not granted {}: calls that need the grant will"
                            + " return an error{} (grant them in plugins.{}.permissions)",
                    status.name(),
                    String.join(", ", d.services()),
                    String.join(", ", missing),
                    d.contract() == Contract.OURCHAT && missing.contains("events")
                            ? "; its emit_event events still reach the application, not the bus"
                            : "",
                    status.name());
        }
    }

    /**
     * Replaces a plugin with a new version (a hot reload), or does nothing if the file has the same
     * bytes (SHA-256) and the settings are the same. The new version is compiled, validated and
     * initialised beside the running one, off the record path and under its own init limit, then
     * takes the old one's place in the chain at once; calls in flight finish on the old version,
     * whose instances then get their disable and unload hooks. Its counts, metrics, stored
     * configuration and state carry over.
     *
     * @param settings the new version's settings, or null to keep the running version's
     * @throws PluginLoadException if the new version cannot be loaded (or enabled): the old version
     *     keeps serving, untouched, and the message says why
     */
    public Replacement replace(String name, Path file, PluginSettings settings) {
        synchronized (replacing) {
            var old = require(name);
            if (settings == null) {
                settings = old.settings();
            }
            InspectedPlugin inspected;
            try {
                // Hashing first: bytes the old version holds need no second decoding.
                String sha256 = PluginInspector.sha256(file);
                var running = old.descriptor();
                if (running != null
                        && running.sha256().equals(sha256)
                        && old.settings().equals(settings)) {
                    LOG.info(
                            "plugin {}: {} has the same bytes and settings; nothing to do",
                            name,
                            file);
                    return new Replacement(old.status(), false);
                }
                var kept = old.validated(sha256, file);
                if (kept.isPresent()) {
                    LOG.info(
                            "plugin {}: {} is the version running or replaced (sha256 {}); not"
                                    + " validated again",
                            name,
                            file,
                            sha256.substring(0, 12));
                }
                inspected = kept.orElseGet(() -> inspect(file));
            } catch (SluiceException e) {
                throw rollback(name, e);
            }
            LoadedPlugin next = null;
            try {
                next = LoadedPlugin.replacement(inspected, source(name, file), settings, old);
                if (old.active()) {
                    next.enable();
                }
            } catch (SluiceException e) {
                if (next != null) {
                    // It holds instances and memory; its port is the running version's to keep.
                    next.unload();
                    old.status().port().ifPresent(port -> ports.claim(port, name));
                }
                throw rollback(name, e);
            }
            synchronized (lock) {
                int at = Arrays.asList(order).indexOf(old);
                if (at < 0) {
                    next.unload();
                    throw new PluginLoadException(
                            "plugin " + name + " was unloaded while its new version loaded");
                }
                var swapped = order.clone();
                swapped[at] = next;
                order = swapped;
            }
            old.retire(next, HAND_OVER_WAIT);
            // The old version's instances released the port both versions held under one name.
            next.status().port().ifPresent(port -> ports.claim(port, name));
            var d = inspected.descriptor();
            LOG.info(
                    "plugin {} replaced: now {} ({} bytes, sha256 {}), in the same place in the"
                            + " chain",
                    name,
                    file,
                    d.sizeBytes(),
                    d.sha256().substring(0, 12));
            return new Replacement(next.status(), true);
        }
    }

    private static PluginLoadException rollback(String name, SluiceException e) {
        return new PluginLoadException(
                "plugin "
                        + name
                        + ": the new version was not loaded and the running one keeps serving: "
                        + e.getMessage(),
                e);
    }

    /**
     * Puts the chain in this order at once; the names must be exactly the plugins loaded.
     *
     * @throws IllegalArgumentException naming what is missing or unknown
     */
    public void reorder(List<String> names) {
        synchronized (lock) {
            var byName = new LinkedHashMap<String, LoadedPlugin>();
            for (var p : order) {
                byName.put(p.name(), p);
            }
            var unknown = names.stream().filter(n -> !byName.containsKey(n)).toList();
            var missing = byName.keySet().stream().filter(n -> !names.contains(n)).toList();
            if (!unknown.isEmpty() || !missing.isEmpty() || names.size() != byName.size()) {
                throw new IllegalArgumentException(
                        "a new order must name every loaded plugin once: "
                                + (unknown.isEmpty() ? "" : "unknown " + unknown + " ")
                                + (missing.isEmpty() ? "" : "missing " + missing + " ")
                                + "(loaded: "
                                + byName.keySet()
                                + ", asked: "
                                + names
                                + ")");
            }
            order = names.stream().map(byName::get).toArray(LoadedPlugin[]::new);
        }
        LOG.info("plugin chain reordered: {}", names);
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

    /** Changes a plugin's grant without a reload; returns the grant it had. */
    public Permissions grant(String name, Permissions permissions) {
        var plugin = require(name);
        var before = plugin.permissions();
        plugin.grant(permissions);
        LOG.info("plugin {}: granted {} (was {})", name, describe(permissions), describe(before));
        return before;
    }

    private static String describe(Permissions p) {
        return p.granted().isEmpty() ? "nothing" : String.join(", ", p.granted());
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
        for (var entry : order) {
            // A pass that began before a hot reload goes on with the version serving now.
            var plugin = entry.current();
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
        for (var entry : order) {
            var plugin = entry.current();
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
        for (var entry : order) {
            var plugin = entry.current();
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

    /**
     * The host's service metrics for every plugin in the chain, in chain order, then the embedding
     * application's own use of the event bus.
     */
    public List<ServiceMetric> serviceMetrics() {
        var all = new ArrayList<ServiceMetric>();
        for (var p : order) {
            all.addAll(p.serviceMetrics());
        }
        all.addAll(bus.applicationMetrics().snapshot());
        return all;
    }

    /** The event bus plugins and the embedding application share. */
    public EventBus bus() {
        return bus;
    }

    public Optional<PluginStatus> status(String name) {
        return find(name).map(LoadedPlugin::status);
    }

    public Optional<CallLatency> latency(String name) {
        return find(name).map(LoadedPlugin::latency);
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
        bus.close();
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
