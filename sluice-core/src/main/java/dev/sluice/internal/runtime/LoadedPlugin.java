package dev.sluice.internal.runtime;

import dev.sluice.PluginLoadException;
import dev.sluice.SluiceException;
import dev.sluice.component.ComponentLinkException;
import dev.sluice.event.Event;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.HostEvent;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.internal.loader.PluginInspector;
import dev.sluice.internal.services.events.EventBus;
import dev.sluice.plugin.BreakerState;
import dev.sluice.plugin.CallLatency;
import dev.sluice.plugin.HttpClientLimits;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginActivityListener;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin in the chain at run time: its state machine (loaded, enabled, disabled, unloaded), its
 * loading and retries, and its hand-over to a version that replaces it. Its calls go through {@link
 * PluginCalls} (breaker, instances, deadline, failure policy). Until it has loaded (a plugin the
 * chain must have whose load failed) it has no instances and its breaker retries the load.
 *
 * <p>Threading: {@link #beforeStore} and {@link #afterStore} run on many threads at once; each call
 * borrows its own instance. State transitions are serialised on a lock that record calls never
 * take.
 */
public final class LoadedPlugin {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    /** Everything needed to (re)load the plugin from its file. */
    public record Source(
            String name,
            Path path,
            Supplier<InspectedPlugin> inspect,
            PluginEventListener listener,
            PortRegistry ports,
            CompileCache cache,
            MemoryBudget budget,
            Partitioner partitioner,
            StateStore stateStore,
            EventBus bus,
            HttpClientLimits httpLimits,
            PluginActivityListener activity) {}

    private final Source source;
    private final PluginSettings settings;
    private final Counters counters;
    private final Succession succession = new Succession();
    private final Breaker breaker;
    private final FailurePolicy policy;
    private final PluginCalls calls;
    private final Object transitions = new Object();

    private volatile LiveVersion live;
    private volatile PluginDescriptor descriptor;

    /** LOADED, ENABLED or DISABLED: what an operator asked for. FAILED is the breaker's. */
    private volatile PluginState wanted = PluginState.LOADED;

    private volatile PluginContext context;
    private volatile boolean unloaded;

    /** The grant now: the settings' at first, then what {@link #grant} set (kept across loads). */
    private volatile Permissions granted;

    /** The channels its registration asked for (names checked), once loaded. */
    private volatile List<String> channels = List.of();

    /**
     * What it is subscribed to: a first version subscribes as it loads, a replacement takes the old
     * version's subscriptions over when it retires (see {@link Subscriptions}).
     */
    private volatile Subscriptions subscriptions = Subscriptions.none();

    /** Set for a replacement until it takes the old version's subscriptions over. */
    private volatile boolean succeeding;

    /** This version's compiled code, and the one it replaced. */
    private final CompiledVersions versions;

    private LoadedPlugin(
            Source source, PluginSettings settings, Counters counters, CompiledVersions versions) {
        this.source = source;
        this.settings = settings;
        this.counters = counters;
        this.versions = versions;
        this.granted = settings.permissions();
        this.breaker =
                new Breaker(
                        settings.maxConsecutiveFailures(),
                        settings.failureBackoff(),
                        settings.maxFailureBackoff(),
                        System::nanoTime);
        this.policy =
                new FailurePolicy(
                        source.name(), settings.onError(), breaker, counters, source.activity());
        var verdicts =
                new Verdicts(
                        source.name(), settings.maxRecordBytes(), source.partitioner(), counters);
        this.calls =
                new PluginCalls(
                        source.name(), settings, counters, breaker, policy, verdicts, succession);
    }

    /**
     * Compiles the plugin and brings up its first instance, which runs the load hook.
     *
     * @throws PluginLoadException if the memory does not fit the cap or the load hook fails
     */
    public static LoadedPlugin load(
            InspectedPlugin inspected, Source source, PluginSettings settings) {
        var plugin = new LoadedPlugin(source, settings, new Counters(), new CompiledVersions());
        plugin.bringUp(inspected);
        return plugin;
    }

    /**
     * A new version of a running plugin (a hot reload), compiled and brought up beside it: it keeps
     * the old version's counts, metrics, stored configuration and state, under the same name.
     *
     * @throws PluginLoadException if it cannot be brought up; the old version is untouched
     */
    public static LoadedPlugin replacement(
            InspectedPlugin inspected, Source source, PluginSettings settings, LoadedPlugin old) {
        var plugin =
                new LoadedPlugin(source, settings, old.counters, old.versions.forReplacement());
        plugin.context = old.context;
        plugin.succeeding = true;
        if (settings.equals(old.settings)) {
            plugin.granted = old.granted; // a grant changed at runtime outlives a reload
        }
        plugin.bringUp(inspected, old.versions.reusable(inspected, settings));
        var running = old.live;
        if (running != null) {
            plugin.live.instances().warm(running.instances().alive());
        }
        return plugin;
    }

    /**
     * The file with SHA-256 {@code sha256} as this version or the one it replaced validated it, for
     * a replace from {@code file}: empty when neither is those bytes (or the replaced one was
     * dropped by the collector).
     */
    public Optional<InspectedPlugin> validated(String sha256, Path file) {
        return versions.validated(sha256, file);
    }

    /**
     * A plugin the chain must have, in its place even if it cannot be loaded: then it is FAILED,
     * follows its {@code on_error}, and {@link #retryLoad} tries again after the backoff.
     */
    public static LoadedPlugin install(Source source, PluginSettings settings) {
        var plugin = new LoadedPlugin(source, settings, new Counters(), new CompiledVersions());
        try {
            plugin.bringUp(source.inspect().get());
        } catch (RuntimeException e) {
            plugin.wanted = PluginState.ENABLED;
            plugin.breaker.openFor("could not be loaded: " + loadError(e), false);
            plugin.loadFailed(loadError(e));
            return plugin;
        }
        plugin.enable();
        return plugin;
    }

    private void loadFailed(String why) {
        try {
            source.activity()
                    .onActivity(
                            new PluginActivity.Failed(
                                    name(),
                                    Instant.now(),
                                    PluginActivity.FailureKind.LOAD,
                                    "could not be loaded: " + why));
        } catch (RuntimeException e) {
            LOG.warn("activity listener failed on plugin {}: {}", name(), e.toString());
        }
    }

    /** A load error in one line: the engine's own message, or what a decoder let escape. */
    private static String loadError(RuntimeException e) {
        return e instanceof SluiceException ? e.getMessage() : e.toString();
    }

    /**
     * Compiles the plugin and starts its instances. Whatever a hostile file still provokes on the
     * way (an Error from the compiler, a stray runtime exception) is that plugin's load failure —
     * for {@link #load}, {@link #install} and every {@link #retryLoad} alike — never a crash of the
     * caller (a server starting up, the retry thread).
     *
     * @throws PluginLoadException if it cannot be brought up
     */
    private void bringUp(InspectedPlugin inspected) {
        bringUp(inspected, null);
    }

    /** As {@link #bringUp(InspectedPlugin)}, with {@code reused} code instead of compiling. */
    private void bringUp(InspectedPlugin inspected, CompiledVersion reused) {
        try {
            start(inspected, reused);
        } catch (SluiceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
            throw new PluginLoadException(
                    "plugin "
                            + source.path().getFileName()
                            + ": "
                            + PluginInspector.unexpected("loading", e),
                    e);
        }
    }

    private void start(InspectedPlugin inspected, CompiledVersion reused) {
        var described = inspected.descriptor();
        descriptor = described;
        PluginCode code;
        if (reused != null) {
            code = reused.code();
            LOG.info(
                    "plugin {}: sha256 {} was compiled for a running or replaced version; that code"
                            + " is reused",
                    name(),
                    described.sha256().substring(0, 12));
        } else {
            try {
                code = PluginCode.prepare(inspected, settings, source.cache());
            } catch (PluginLoadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PluginLoadException("plugin " + name() + ": compiling failed: " + e, e);
            }
        }
        versions.running(CompiledVersion.of(inspected, settings, code));
        if (context == null) {
            context =
                    new PluginContext(
                            name(),
                            settings.config(),
                            source.listener(),
                            settings.maxRecordBytes(),
                            source.bus(),
                            source.stateStore(),
                            settings.stateLimits());
        }
        context.reconfigure(settings);
        context.grant(granted);
        context.observe(source.activity());
        context.http().limit(source.httpLimits());
        var instances =
                new Instances(
                        name(),
                        inspected.binding(),
                        code,
                        context,
                        settings,
                        source.budget(),
                        source.ports(),
                        counters);
        try {
            instances.start();
        } catch (Overloaded e) {
            throw new PluginLoadException(
                    "plugin " + name() + ": loading failed: " + e.getMessage(), e);
        } catch (CallFailed e) {
            // A component is linked as its instance is made: that failure is not the hook's.
            String whose =
                    e.getCause() instanceof ComponentLinkException ? "" : "its " + e.hook() + " ";
            throw new PluginLoadException(
                    "plugin " + name() + ": loading failed: " + whose + e.getMessage(),
                    e.getCause());
        }
        live =
                new LiveVersion(
                        inspected.binding(),
                        instances,
                        code.warmsUp() ? new Warmup(settings.maxInitTime()) : Warmup.NONE);
        subscribe(inspected.binding());
    }

    /**
     * Takes the channels the first instance's registration asked for, and subscribes to them unless
     * it replaces a running version (then {@link #retire} hands that one's over). A name no channel
     * can have is skipped, saying so: nothing could ever be published there.
     */
    private void subscribe(ContractBinding binding) {
        var wanted = new ArrayList<String>();
        for (String channel : binding.subscriptions().stream().distinct().toList()) {
            if (!Permissions.isChannel(channel)) {
                LOG.warn(
                        "plugin {}: its subscription to '{}' is ignored: that is not a channel name"
                                + " ({}), so nothing can publish there",
                        name(),
                        PluginText.forLog(channel, 128),
                        Permissions.CHANNEL_RULE);
                continue;
            }
            wanted.add(channel);
        }
        channels = List.copyOf(wanted);
        if (!succeeding) {
            subscriptions =
                    Subscriptions.subscribe(
                            source.bus(),
                            name(),
                            context.serviceMetrics(),
                            channels,
                            this::deliver);
        }
    }

    /**
     * Delivers a bus event to the plugin's {@code on-event}, on a bus thread, through the same
     * breaker, instances, deadline and failure policy as records; a disabled plugin does not get
     * it.
     *
     * <p>Counted in like a record call, so a hand-over waits for a delivery already here and sends
     * one that comes later to the new version: an event read off the queue as its subscription
     * changes hands is neither dropped by the old version's unload nor delivered twice.
     *
     * @return null when it took the event, else why not
     */
    private String deliver(Event event) {
        var next = succession.enter();
        try {
            if (next != null) {
                return next.deliver(event);
            }
            if (!active() || unloaded) {
                return "plugin " + name() + " is disabled";
            }
            return calls.deliver(live, event);
        } finally {
            succession.exit();
        }
    }

    /** How long until a plugin that could not be loaded should try again; empty if loaded. */
    public Optional<Duration> loadRetryIn() {
        return live == null && !unloaded ? Optional.of(breaker.untilTrial()) : Optional.empty();
    }

    /**
     * Tries once more to load a plugin that could not be loaded (its breaker's trial).
     *
     * @return true if it is loaded now
     */
    public boolean retryLoad() {
        synchronized (transitions) {
            if (live != null || unloaded) {
                return live != null;
            }
            if (breaker.admit() != Breaker.Admission.TRIAL) {
                return false;
            }
            try {
                bringUp(source.inspect().get());
            } catch (RuntimeException e) {
                breaker.openFor("could not be loaded: " + loadError(e), true);
                LOG.error(
                        "plugin {} still cannot be loaded ({}); next try in {}",
                        name(),
                        loadError(e),
                        Failures.formatWait(breaker.backoff()));
                loadFailed(loadError(e));
                return false;
            }
            breaker.succeeded(true);
            if (wanted == PluginState.ENABLED) {
                live.instances().setEnabled(true);
            }
        }
        LOG.info("plugin {} loaded on retry and is {}", name(), state());
        return true;
    }

    public String name() {
        return source.name();
    }

    /** What the plugin is granted now. */
    public Permissions permissions() {
        return granted;
    }

    /** Changes the grant; the next service call of any instance sees it, without a reload. */
    public void grant(Permissions permissions) {
        synchronized (transitions) {
            granted = permissions;
            var c = context;
            if (c != null) {
                c.grant(permissions);
            }
        }
    }

    /**
     * Where the plugin is: FAILED while its breaker is not closed and it is meant to see records.
     */
    public PluginState state() {
        var w = wanted;
        return w == PluginState.ENABLED && breaker.state() != BreakerState.CLOSED
                ? PluginState.FAILED
                : w;
    }

    /** Whether records go to this plugin (enabled, or failed and following its on_error). */
    public boolean active() {
        return wanted == PluginState.ENABLED;
    }

    /** Until the plugin has loaded its hooks are unknown: assume it has both (fail closed). */
    public boolean hasBeforeStore() {
        var l = live;
        return l == null || l.binding().hasBeforeStore();
    }

    public boolean hasAfterStore() {
        var l = live;
        return l == null || l.binding().hasAfterStore();
    }

    public long maxRecordBytes() {
        return settings.maxRecordBytes();
    }

    /** The metrics the plugin defined (sluice world), as they stand. */
    public List<dev.sluice.plugin.PluginMetric> metrics() {
        var c = context;
        return c == null ? List.of() : c.metrics().snapshot();
    }

    /** The host's metrics about the plugin's use of its services, as they stand. */
    public List<dev.sluice.plugin.ServiceMetric> serviceMetrics() {
        var c = context;
        return c == null ? List.of() : c.serviceMetrics().snapshot();
    }

    public Map<String, String> storedConfig() {
        var c = context;
        return c == null ? Map.of() : c.storedConfig();
    }

    /**
     * Runs the pre-store hook over records and says what becomes of each, in order. A contract that
     * takes one record at a time gets one call per record; a batching one gets the records in calls
     * of at most {@link ContractBinding#maxBatch} records and {@link Batches#MAX_BYTES} bytes. A
     * call that fails gives every record it carried the failure policy's decision.
     *
     * @param sizes each record's {@link Record#sizeBytes}, as the chain measured it
     * @param steps where each call is described (a dry run), or null
     */
    public List<Decision> beforeStore(
            List<Record> records, long[] sizes, List<ChainTrace.Step> steps) {
        var next = succession.enter();
        try {
            return next != null
                    ? next.beforeStore(records, sizes, steps)
                    : calls.beforeStore(live, records, sizes, steps);
        } finally {
            succession.exit();
        }
    }

    /**
     * Runs the post-store hook; failures are counted and logged, the records are already stored.
     *
     * @param sizes each record's {@link Record#sizeBytes}, as the chain measured it
     */
    public void afterStore(List<StoredRecord> stored, long[] sizes) {
        var next = succession.enter();
        try {
            if (next != null) {
                next.afterStore(stored, sizes);
            } else {
                calls.afterStore(live, stored, sizes);
            }
        } finally {
            succession.exit();
        }
    }

    /**
     * Delivers a host event to the plugin's hook for it, through the same breaker, instances,
     * deadline and failure policy as records; a failure is counted and logged here.
     *
     * @return empty when the hook ran and returned, else why the event did not get through
     */
    public Optional<String> dispatch(HostEvent event) {
        var next = succession.enter();
        try {
            return next != null ? next.dispatch(event) : calls.dispatch(live, event);
        } finally {
            succession.exit();
        }
    }

    /** Whether the plugin has a hook for this host event (unknown, so no, until it has loaded). */
    public boolean hasEventHook(String event) {
        var l = live;
        return l != null && l.binding().hasEventHook(event);
    }

    /** Enables the plugin, running the enable hook on every idle instance. */
    public void enable() {
        synchronized (transitions) {
            if (unloaded) {
                throw new SluiceException("plugin " + name() + " was unloaded");
            }
            var l = live;
            if (l == null) {
                wanted = PluginState.ENABLED;
                return;
            }
            if (wanted == PluginState.ENABLED) {
                if (breaker.state() != BreakerState.CLOSED) {
                    throw new SluiceException(
                            "plugin "
                                    + name()
                                    + " is Failed ("
                                    + breaker.reason()
                                    + "); it is retried after its backoff, or disable it and"
                                    + " enable it again to retry now");
                }
                return;
            }
            l.instances().setEnabled(true);
            wanted = PluginState.ENABLED;
        }
        LOG.info("plugin {} enabled", name());
    }

    /** Disables the plugin: it sees no more records; the disable hook runs on idle instances. */
    public void disable() {
        synchronized (transitions) {
            if (wanted != PluginState.ENABLED) {
                return;
            }
            wanted = PluginState.DISABLED;
            breaker.reset();
            var l = live;
            if (l != null) {
                l.instances().setEnabled(false);
            }
        }
        LOG.info("plugin {} disabled", name());
    }

    /**
     * Disables if needed and unloads: idle instances get their disable and unload hooks now, busy
     * ones when their call returns.
     */
    public void unload() {
        shutDown();
        LOG.info("plugin {} unloaded", name());
    }

    /** Sees no more records or events; the instances get their disable and unload hooks. */
    private void shutDown() {
        synchronized (transitions) {
            unloaded = true;
            wanted = PluginState.DISABLED;
            subscriptions.cancel();
            subscriptions = Subscriptions.none();
            var l = live;
            if (l != null) {
                l.instances().unload();
            }
        }
    }

    /** The version serving now: this one, or the one that replaced it. */
    public LoadedPlugin current() {
        var p = this;
        for (var next = p.succession.successor(); next != null; next = p.succession.successor()) {
            p = next;
        }
        return p;
    }

    public PluginSettings settings() {
        return settings;
    }

    /** The descriptor of the file this version runs, or null if it never loaded. */
    public PluginDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Retires this version in favour of {@code next}: new calls go to {@code next}, calls already
     * here finish here (waiting at most {@code wait}), then this version's instances get their
     * disable and unload hooks.
     */
    public void retire(LoadedPlugin next, Duration wait) {
        synchronized (transitions) {
            next.takeOver(subscriptions);
            subscriptions = Subscriptions.none();
        }
        if (!succession.handOver(next, wait)) {
            LOG.warn(
                    "plugin {}: calls into the old version were still running after {}; it is"
                            + " unloaded now, and calls still waiting for it are answered"
                            + " 'retry'",
                    name(),
                    Failures.formatWait(wait));
        }
        shutDown();
    }

    /** Takes over what the version it replaces is subscribed to (see {@link Subscriptions}). */
    private void takeOver(Subscriptions old) {
        synchronized (transitions) {
            if (unloaded) {
                old.cancel();
                return;
            }
            subscriptions =
                    old.handOver(
                            source.bus(),
                            name(),
                            context.serviceMetrics(),
                            channels,
                            this::deliver);
            succeeding = false;
        }
    }

    /** How long its calls took, since it was first loaded (its versions together). */
    public CallLatency latency() {
        return counters.latency.snapshot();
    }

    public PluginStatus status() {
        var l = live;
        return new PluginStatus(
                name(),
                source.path(),
                Optional.ofNullable(descriptor),
                settings,
                state(),
                breaker.state(),
                l == null ? OptionalInt.empty() : l.instances().port(),
                counters.calls.sum(),
                counters.rejected.sum(),
                counters.failures.sum(),
                counters.hostFailures.sum(),
                Optional.ofNullable(breaker.reason()),
                Optional.ofNullable(versions.running()).map(c -> c.code().engine()));
    }
}
