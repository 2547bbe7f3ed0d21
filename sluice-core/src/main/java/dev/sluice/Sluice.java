package dev.sluice;

import dev.sluice.event.Event;
import dev.sluice.event.EventLimits;
import dev.sluice.event.Subscription;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.pipeline.PluginChain;
import dev.sluice.internal.runtime.CompileCache;
import dev.sluice.internal.runtime.MemoryBudget;
import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.EventDelivery;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginActivityListener;
import dev.sluice.plugin.PluginDescriptor;
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
import dev.sluice.state.InMemoryStateStore;
import dev.sluice.state.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine: an ordered chain of WebAssembly plugins that every record passes through.
 *
 * <p>Typical use by a server:
 *
 * <pre>{@code
 * try (var sluice = Sluice.builder().withReservedPort(30005, "the REST API").build()) {
 *     sluice.load(Path.of("plugins/content-filter.wasm"), PluginSettings.defaults());
 *     sluice.enable("content-filter");
 *     Record record = Record.of("orders", 0, null, "hello");
 *     Decision decision = sluice.process(record);
 *     if (decision.stores()) { // accept, or replace: rewritten, split, routed, dropped
 *         var stored = new ArrayList<StoredRecord>();
 *         for (Record r : decision.toStore(record)) { // all of them, or none
 *             stored.add(new StoredRecord(r, store(r))); // the embedder's own storage
 *         }
 *         sluice.afterStore(stored);
 *     } else if (decision instanceof Decision.Reject reject) {
 *         refuse(reject.plugin(), reject.reason()); // 422 in the server
 *     } else if (decision instanceof Decision.Unavailable busy) {
 *         retryLater(busy.retryAfter()); // 503 with Retry-After in the server
 *     }
 * }
 * }</pre>
 *
 * <p>Guarantees:
 *
 * <ol>
 *   <li>Each plugin is parsed, validated and compiled once, at {@link #load}. Records never cause
 *       compilation or instantiation unless an instance had to be replaced after a failure or more
 *       threads call at once than the pool holds.
 *   <li>{@link #process} and {@link #afterStore} are safe to call from many threads at once. No two
 *       concurrent calls share a WebAssembly instance, and no lock is held across plugin calls.
 *   <li>Plugins run in load order; each sees what the plugins before it made of a record (its
 *       rewrites, splits and routes). A rejection of anything a record became rejects it.
 *   <li>A plugin that traps, exceeds its time limit or returns garbage fails only that call: the
 *       failure is logged once, the instance is discarded, and the record is handled by the
 *       plugin's {@link dev.sluice.plugin.OnError} policy. After too many consecutive failures the
 *       plugin's circuit breaker opens: it is FAILED, is not called, and keeps its policy (reject:
 *       records get {@link Decision.Unavailable}; allow: it is skipped) until a trial call after
 *       the backoff succeeds. Only the guest's own time counts against its limit; making instances,
 *       waiting for one and failures of the host never count against a plugin.
 *   <li>Each plugin has at most {@code max_instances} instances, and all instances together reserve
 *       at most the engine's memory budget ({@link Builder#withMaxTotalMemory}). A call that cannot
 *       get an instance within {@code max_queue_time} gets {@link Decision.Unavailable}
 *       ("overloaded, retry"), never an out-of-memory error.
 *   <li>Nothing a plugin does makes these methods throw, except {@link #load} reporting that the
 *       plugin could not be loaded.
 * </ol>
 */
public final class Sluice implements AutoCloseable {

    private final PluginChain chain;

    private Sluice(Builder builder) {
        this.chain =
                new PluginChain(
                        builder.defaults,
                        builder.listener,
                        builder.reservedPorts,
                        builder.compileCache == null
                                ? null
                                : new CompileCache(builder.compileCache),
                        new MemoryBudget(builder.maxTotalMemory),
                        builder.partitioner,
                        builder.stateStore,
                        builder.events,
                        builder.httpLimits,
                        builder.activity);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates a plugin file without running it: detects its form and contract and checks every
     * import and export the contract needs.
     *
     * @throws PluginValidationException naming the file and every problem found
     */
    public static PluginDescriptor inspect(Path file) {
        return PluginInspector.inspect(file);
    }

    /** A plugin's name: its file name without the {@code .wasm} extension. */
    public static String pluginName(Path file) {
        return PluginInspector.pluginName(file.getFileName().toString());
    }

    /**
     * Loads a plugin with the engine's default settings. See {@link #load(Path, PluginSettings)}.
     */
    public PluginStatus load(Path file) {
        return load(file, chain.defaults());
    }

    /**
     * Validates, compiles and initialises a plugin and adds it to the end of the chain, in state
     * LOADED. Its load hook has run (Blink {@code init}, OurChat {@code on_plugin_load}); it sees
     * no records until {@link #enable(String) enabled}.
     *
     * @throws PluginValidationException when the file is not a usable plugin
     * @throws PluginLoadException when it is valid but could not be brought up
     */
    public PluginStatus load(Path file, PluginSettings settings) {
        return chain.load(file, settings);
    }

    /**
     * Loads and enables a plugin the chain must have (a server's configured plugins). If it cannot
     * be loaded it still takes its place in the chain, FAILED with the load error as its reason,
     * and follows its {@code on_error} (reject: its records get {@link Decision.Unavailable};
     * allow: it is skipped); the load is retried with the breaker's backoff, so a plugin whose file
     * is fixed recovers on its own.
     *
     * @throws PluginLoadException only when a plugin of that name is already in the chain
     */
    public PluginStatus install(Path file, PluginSettings settings) {
        return chain.install(file, settings);
    }

    /** The memory all plugin instances may reserve together, in bytes. */
    public long memoryBudget() {
        return chain.memoryBudget();
    }

    /** Enables a loaded or disabled plugin (calling its enable hook) so it sees records. */
    public PluginStatus enable(String name) {
        return chain.enable(name);
    }

    /** Disables a plugin (calling its disable hook); its place in the chain is kept. */
    public PluginStatus disable(String name) {
        return chain.disable(name);
    }

    /** Disables if needed, calls the unload hook, and removes the plugin from the chain. */
    public void unload(String name) {
        chain.unload(name);
    }

    /**
     * Replaces a running plugin with a new version of its file, keeping its settings. See {@link
     * #replace(String, Path, PluginSettings)}.
     */
    public Replacement replace(String name, Path file) {
        return chain.replace(name, file, null);
    }

    /**
     * Hot reload: replaces plugin {@code name} with the plugin in {@code file}, under {@code
     * settings}. The new version is compiled, validated and initialised beside the running one, off
     * the record path, then takes its place in the chain at once; calls in flight finish on the old
     * version, whose instances then get their disable and unload hooks. What the plugin stored
     * (configuration, state), its counts and its metrics carry over, under the same name. The same
     * bytes (SHA-256) with the same settings is a no-op.
     *
     * @throws PluginLoadException if the new version fails to validate, compile, initialise or
     *     claim its port: the old version keeps serving (a rollback, not an outage), and the
     *     message says exactly why
     * @throws UnknownPluginException if no plugin has that name
     */
    public Replacement replace(String name, Path file, PluginSettings settings) {
        return chain.replace(name, file, Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Puts the chain in this order, at once: records already on their way finish in the old order.
     *
     * @throws IllegalArgumentException unless {@code names} are the loaded plugins, each once
     */
    public void reorder(List<String> names) {
        chain.reorder(List.copyOf(names));
    }

    /**
     * Runs a record through every enabled plugin, in order, before it is stored.
     *
     * @return accept (store it as it is), replace (store these records instead: rewritten, split,
     *     routed, or none), reject naming the plugin that refused it and why, or unavailable
     */
    public Decision process(Record record) {
        return chain.process(List.of(Objects.requireNonNull(record, "record")), null).get(0);
    }

    /**
     * Runs records through the chain together: each plugin is called once for the batch (once per
     * record for contracts that take one at a time) and sees what the plugins before it made of
     * every record. A rejection of anything a record became rejects that record.
     *
     * @return one decision per record, in order; store all of a request's records or none
     */
    public List<Decision> process(List<Record> records) {
        return chain.process(List.copyOf(records), null);
    }

    /**
     * Runs records through the chain like {@link #process(List)} and describes every plugin call:
     * what it was given, what it decided, what it logged, how long it took. Nothing is stored and
     * no post-store hook runs; the plugins themselves run for real (so their metrics count it).
     */
    public ChainTrace dryRun(List<Record> records) {
        var steps = new ArrayList<ChainTrace.Step>();
        var decisions = chain.process(List.copyOf(records), steps);
        return new ChainTrace(decisions, steps);
    }

    /** Tells every enabled plugin with a post-store hook that a record was stored. */
    public void afterStore(StoredRecord stored) {
        chain.afterStore(List.of(Objects.requireNonNull(stored, "stored")));
    }

    /**
     * Tells every enabled plugin with a post-store hook that records were stored, in one call per
     * plugin where its contract takes batches.
     */
    public void afterStore(List<StoredRecord> stored) {
        chain.afterStore(List.copyOf(stored));
    }

    /**
     * Delivers an event of the embedding application (a chat server's {@code user_created}, {@code
     * user_login}, {@code friend_added}, {@code session_created}, or any other) to every enabled
     * plugin with a hook for it — OurChat's {@code on_<event>(ptr, len)} exports — in chain order,
     * on the calling thread, each call under the plugin's limits, breaker and failure policy like a
     * record's. A plugin that fails on it is logged and counted, never thrown; an event no plugin
     * has a hook for reaches none.
     *
     * @param event 1 to 64 lowercase ASCII letters, digits and underscores, starting with a letter;
     *     not the name of a plugin's own hook ({@code message_send}, {@code plugin_load}, …)
     * @param payloadJson one JSON value, passed to each hook as UTF-8; a plugin whose {@code
     *     max_record_bytes} it exceeds is not called
     * @return which plugins took it and which did not, and why
     * @throws IllegalArgumentException when the name is not allowed or the payload is not JSON
     */
    public EventDelivery dispatch(String event, String payloadJson) {
        return chain.dispatch(HostEvent.of(event, payloadJson));
    }

    /**
     * Publishes an event on a channel of the event bus, as the embedding application (no permission
     * needed): every subscriber of the channel — plugins whose {@code init} subscribed to it, and
     * {@link #subscribe} consumers — gets it on the bus's threads, never on this one, in publish
     * order. This call only queues it: a subscriber whose queue is full misses it (counted in
     * {@code sluice_events_dropped_total}).
     *
     * @param channel letters, digits, {@code _ . -}, at most 128, starting with a letter or digit
     * @param payload at most {@link EventLimits#maxPayloadBytes} bytes; copied
     * @return how many subscribers it was queued for
     * @throws IllegalArgumentException when the channel is not a channel name or the payload is too
     *     large, saying which
     */
    public int publish(String channel, byte[] payload) {
        return chain.bus().publish(channel, Objects.requireNonNull(payload, "payload"));
    }

    /**
     * Subscribes the embedding application to a channel: {@code consumer} gets every event
     * published on it from now on (by plugins granted the channel, or by {@link #publish}), one at
     * a time, in publish order, on a bus thread. A consumer that throws is logged once and counted;
     * it gets the next event all the same. Its queue holds {@link EventLimits#queueCapacity}
     * events; beyond that new ones are dropped for it and counted.
     *
     * @return the subscription; cancel it to stop (what is still queued is discarded)
     * @throws IllegalArgumentException when the channel is not a channel name
     */
    public Subscription subscribe(String channel, Consumer<Event> consumer) {
        return chain.bus().subscribe(channel, Objects.requireNonNull(consumer, "consumer"));
    }

    /** All loaded plugins, in chain order. */
    public List<PluginStatus> plugins() {
        return chain.statuses();
    }

    /**
     * The metrics plugins define through the {@code sluice:plugin/metrics} interface (counters,
     * gauges, histograms as summaries), each tagged with its plugin's name: what a server exports.
     */
    public List<PluginMetric> pluginMetrics() {
        return chain.pluginMetrics();
    }

    /**
     * What the host counted about each plugin's use of its services (state, events, http): calls,
     * bytes, refusals, latencies.
     */
    public List<ServiceMetric> serviceMetrics() {
        return chain.serviceMetrics();
    }

    /** One plugin by name. */
    public Optional<PluginStatus> plugin(String name) {
        return chain.status(name);
    }

    /**
     * How long one plugin's calls have taken since it was first loaded (its hot-reloaded versions
     * together, as its counts): the guest's own run per call, in buckets precise to 19%.
     */
    public Optional<CallLatency> latency(String name) {
        return chain.latency(name);
    }

    /** The configuration values a plugin has stored for itself (OurChat {@code set_config}). */
    public Map<String, String> storedConfig(String name) {
        return chain.storedConfig(name);
    }

    /**
     * Changes what a plugin is granted, without a reload: the next service call of any of its
     * instances sees the new grant (a call already running finishes under the old one). The grant
     * lasts until the plugin is unloaded; loading it again starts from its settings.
     *
     * @return the grant it had before
     * @throws UnknownPluginException when no plugin of that name is in the chain
     */
    public Permissions grant(String name, Permissions permissions) {
        return chain.grant(name, Objects.requireNonNull(permissions, "permissions"));
    }

    /** Unloads every plugin, last first. */
    @Override
    public void close() {
        chain.close();
    }

    public static final class Builder {
        private PluginSettings defaults = PluginSettings.defaults();
        private PluginEventListener listener = event -> {};
        private PluginActivityListener activity = PluginActivityListener.NONE;
        private final Map<Integer, String> reservedPorts = new HashMap<>();
        private Path compileCache;
        private long maxTotalMemory = MemoryBudget.defaultTotal();
        private Partitioner partitioner = Partitioner.SAME_AS_INPUT;
        private StateStore stateStore;
        private EventLimits events = EventLimits.defaults();
        private HttpClientLimits httpLimits = HttpClientLimits.defaults();

        private Builder() {}

        /**
         * Where plugins keep their state (the {@code state} interface, OurChat's {@code kv_*}): one
         * namespace per plugin name, so a plugin unloaded and loaded again finds what it stored.
         * The engine does not close it. Default: a new {@link InMemoryStateStore}, lost with the
         * engine.
         */
        public Builder withStateStore(StateStore store) {
            this.stateStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * The event bus's bounds: queue per subscription, payload size, delivery threads. Default:
         * {@link EventLimits#defaults()}.
         */
        public Builder withEventLimits(EventLimits limits) {
            this.events = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The linear memory all plugin instances may reserve together. Each instance reserves its
         * memory's maximum under {@code max_memory} when made and returns it when dropped. Default:
         * half the JVM's maximum heap.
         */
        public Builder withMaxTotalMemory(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException(
                        "max total memory must be positive, was " + bytes + " bytes");
            }
            this.maxTotalMemory = bytes;
            return this;
        }

        /**
         * Chooses the partition of a record a plugin emits without naming one. Default: {@link
         * Partitioner#SAME_AS_INPUT}.
         */
        public Builder withPartitioner(Partitioner partitioner) {
            this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
            return this;
        }

        /**
         * Bounds on the outgoing HTTP requests plugins make ({@code http_client.*} in the server's
         * settings). Default: {@link HttpClientLimits#defaults()}. Which hosts a plugin may reach
         * is its own {@link dev.sluice.plugin.Permissions}.
         */
        public Builder withHttpClientLimits(HttpClientLimits limits) {
            this.httpLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Settings for plugins loaded without their own. */
        public Builder withDefaults(PluginSettings defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /**
         * Where OurChat plugins' {@code emit_event} events go (they are also logged), whether or
         * not they are also published on the bus.
         */
        public Builder withEventListener(PluginEventListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Hears every line plugins log (whatever the host log's level) and every failure of a
         * plugin's call, hook or load, as it happens: what a management API keeps per plugin.
         * Default: none.
         */
        public Builder withActivityListener(PluginActivityListener listener) {
            this.activity = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * A port the host itself uses: a plugin whose {@code init} asks for it fails to load.
         *
         * @param owner who uses it, for the error message ("the REST API")
         */
        public Builder withReservedPort(int port, String owner) {
            reservedPorts.put(port, Objects.requireNonNull(owner, "owner"));
            return this;
        }

        /**
         * Keeps what the compiler makes of each plugin in this directory, keyed by the module's
         * content hash, so loading the same plugin again (after a restart, or in another process
         * sharing the directory) skips compiling. Entries are per Chicory version; a damaged entry
         * is dropped and the plugin compiled afresh. Without this, every load compiles.
         */
        public Builder withCompileCache(Path directory) {
            this.compileCache = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public Sluice build() {
            if (stateStore == null) {
                stateStore = new InMemoryStateStore();
            }
            return new Sluice(this);
        }
    }
}
