package dev.sluice.internal.pipeline;

import dev.sluice.PluginLoadException;
import dev.sluice.UnknownPluginException;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.LoadedPlugin;
import dev.sluice.internal.runtime.MemoryBudget;
import dev.sluice.internal.runtime.PortRegistry;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginMetric;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
            Partitioner partitioner) {
        this.defaults = defaults;
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
                name, file, () -> inspect(file), listener, ports, cache, budget, partitioner);
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
        var pass = new Pass(inputs);
        for (var plugin : order) {
            if (!plugin.active() || !plugin.hasBeforeStore() && !plugin.hasAfterStore()) {
                continue;
            }
            var batch = pass.batchFor(plugin);
            if (!batch.isEmpty() && plugin.hasBeforeStore()) {
                pass.apply(plugin.beforeStore(batch, steps));
            }
        }
        return pass.decisions();
    }

    /**
     * The records of one trip through the chain: what each input has become so far (a flat list,
     * each entry tagged with its input's index, in input order) and the inputs already decided.
     */
    private static final class Pass {
        private final List<Record> inputs;
        private final Decision[] decided;
        private final boolean[] replaced;
        private List<Record> records;
        private int[] origin;
        private long[] sizes;

        /** Entries of {@link #records} in the batch a plugin is given, or all when null. */
        private int[] sent;

        Pass(List<Record> inputs) {
            this.inputs = inputs;
            int n = inputs.size();
            this.decided = new Decision[n];
            this.replaced = new boolean[n];
            this.records = inputs;
            this.origin = new int[n];
            this.sizes = new long[n];
            for (int i = 0; i < n; i++) {
                origin[i] = i;
                sizes[i] = inputs.get(i).sizeBytes();
            }
        }

        /**
         * What {@code plugin} is given: the records of undecided inputs, those above its size limit
         * rejecting their input instead.
         */
        List<Record> batchFor(LoadedPlugin plugin) {
            long max = plugin.maxRecordBytes();
            List<Record> batch = null;
            sent = null;
            for (int k = 0; k < records.size(); k++) {
                int input = origin[k];
                boolean skip = decided[input] != null;
                if (!skip && sizes[k] > max) {
                    decided[input] =
                            Decision.reject(
                                    plugin.name(),
                                    "record is "
                                            + sizes[k]
                                            + " bytes (topic, key, value and headers), above the "
                                            + max
                                            + " this plugin takes (plugin.max_record_bytes); it"
                                            + " was not passed to the plugin");
                    skip = true;
                }
                if (skip && batch == null) {
                    // From here on only some records go: list the ones that do.
                    batch = new ArrayList<>(records.subList(0, k));
                    sent = new int[records.size()];
                    for (int j = 0; j < k; j++) {
                        sent[j] = j;
                    }
                }
                if (!skip && batch != null) {
                    sent[batch.size()] = k;
                    batch.add(records.get(k));
                }
            }
            return batch == null ? records : batch;
        }

        /** Takes in a plugin's decisions about the batch {@link #batchFor} gave it. */
        void apply(List<Decision> decisions) {
            var next = new ArrayList<Record>(records.size());
            int[] nextOrigin = new int[Math.max(records.size(), 4)];
            long[] nextSizes = new long[nextOrigin.length];
            int d = 0;
            for (int k = 0; k < records.size(); k++) {
                int input = origin[k];
                boolean wasSent = sent == null || d < decisions.size() && sent[d] == k;
                if (!wasSent) {
                    continue; // its input is decided: nothing of it goes on
                }
                var decision = decisions.get(d++);
                if (decided[input] != null) {
                    continue;
                }
                if (decision instanceof Decision.Accept) {
                    nextOrigin = add(next, nextOrigin, input, records.get(k));
                    nextSizes = fit(nextSizes, nextOrigin.length);
                    nextSizes[next.size() - 1] = sizes[k];
                } else if (decision instanceof Decision.Replace replace) {
                    replaced[input] = true;
                    for (var out : replace.records()) {
                        nextOrigin = add(next, nextOrigin, input, out);
                        nextSizes = fit(nextSizes, nextOrigin.length);
                        nextSizes[next.size() - 1] = out.sizeBytes();
                    }
                } else if (decision instanceof Decision.Reject
                        || decision instanceof Decision.Unavailable) {
                    decided[input] = decision;
                } else {
                    throw new IllegalStateException("the chain has no rule for " + decision);
                }
            }
            // A later rejection of an input also removes what it had already become.
            var kept = new ArrayList<Record>(next.size());
            int[] keptOrigin = new int[Math.max(next.size(), 1)];
            long[] keptSizes = new long[keptOrigin.length];
            for (int k = 0; k < next.size(); k++) {
                if (decided[nextOrigin[k]] == null) {
                    keptOrigin[kept.size()] = nextOrigin[k];
                    keptSizes[kept.size()] = nextSizes[k];
                    kept.add(next.get(k));
                }
            }
            records = kept;
            origin = keptOrigin;
            sizes = keptSizes;
        }

        private static int[] add(List<Record> list, int[] origins, int input, Record r) {
            if (list.size() == origins.length) {
                origins = Arrays.copyOf(origins, origins.length * 2);
            }
            origins[list.size()] = input;
            list.add(r);
            return origins;
        }

        private static long[] fit(long[] a, int length) {
            return a.length == length ? a : Arrays.copyOf(a, length);
        }

        /** The chain's decision for each input. */
        List<Decision> decisions() {
            var out = new ArrayList<Decision>(inputs.size());
            int k = 0;
            for (int i = 0; i < inputs.size(); i++) {
                int from = k;
                while (k < records.size() && origin[k] == i) {
                    k++;
                }
                if (decided[i] != null) {
                    out.add(decided[i]);
                } else if (!replaced[i]) {
                    out.add(Decision.accept());
                } else {
                    out.add(new Decision.Replace(records.subList(from, k)));
                }
            }
            return out;
        }
    }

    /**
     * Tells every active plugin with a post-store hook that records were stored, all of them in one
     * go (one call per record for contracts that take one at a time).
     */
    public void afterStore(List<StoredRecord> stored) {
        for (var plugin : order) {
            if (!plugin.active() || !plugin.hasAfterStore()) {
                continue;
            }
            long max = plugin.maxRecordBytes();
            var fitting = stored;
            for (var s : stored) {
                if (s.record().sizeBytes() > max) {
                    // Only what the plugin's limit lets it see (routed outputs may be larger).
                    fitting = stored.stream().filter(x -> x.record().sizeBytes() <= max).toList();
                    break;
                }
            }
            if (!fitting.isEmpty()) {
                plugin.afterStore(fitting);
            }
        }
    }

    public List<PluginStatus> statuses() {
        return Arrays.stream(order).map(LoadedPlugin::status).toList();
    }

    /** Every metric every plugin in the chain defined, plugin by plugin in chain order. */
    public List<PluginMetric> pluginMetrics() {
        return Arrays.stream(order).flatMap(p -> p.metrics().stream()).toList();
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
