package dev.sluice.internal.runtime;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import dev.sluice.PluginLoadException;
import dev.sluice.SluiceException;
import dev.sluice.component.ComponentLinkException;
import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.loader.InspectedPlugin;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginDescriptor;
import dev.sluice.plugin.PluginEventListener;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.plugin.PluginStatus;
import dev.sluice.record.Decision;
import dev.sluice.record.StoredRecord;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded plugin at run time: its compiled module, its pool of instances, its state, and the
 * policy that turns a failed call into a decision.
 *
 * <p>Threading: {@link #beforeStore} and {@link #afterStore} run on many threads at once; each call
 * borrows its own instance from the pool. State transitions (enable, disable, unload, fail) are
 * serialised on a lock that record calls never take. Every instance carries the generation it was
 * brought up to date with; a transition bumps the generation after running its hook on every idle
 * instance, so an instance that was busy during a transition (and missed the hook) is dropped when
 * it comes back instead of being reused.
 */
public final class LoadedPlugin {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    private final PluginDescriptor descriptor;
    private final PluginSettings settings;
    private final ContractBinding binding;
    private final PluginCode code;
    private final PluginContext context;
    private final PortRegistry ports;
    private final InstancePool<Pooled> pool;
    private final CallGuard guard;

    private final Object transitions = new Object();
    private volatile PluginState state = PluginState.LOADED;
    private volatile int generation;
    private volatile String failureReason;
    private volatile OptionalInt port = OptionalInt.empty();

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final LongAdder calls = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /** An instance and the generation of transitions it has seen. */
    private static final class Pooled {
        final GuestInstance guest;
        int generation;

        Pooled(GuestInstance guest, int generation) {
            this.guest = guest;
            this.generation = generation;
        }
    }

    private LoadedPlugin(
            InspectedPlugin inspected,
            PluginSettings settings,
            PluginEventListener listener,
            PortRegistry ports,
            CompileCache cache) {
        this.descriptor = inspected.descriptor();
        this.settings = settings;
        this.binding = inspected.binding();
        this.ports = ports;
        this.context = new PluginContext(descriptor.name(), settings.config(), listener);
        this.pool = new InstancePool<>(settings.maxIdleInstances());
        this.guard = new CallGuard(settings.maxExecutionTime());
        this.code =
                inspected.component() != null
                        ? ComponentFactory.prepare(
                                descriptor.name(),
                                inspected.component(),
                                settings.engine(),
                                settings.maxMemoryPages(),
                                cache)
                        : new InstanceFactory(
                                descriptor.name(),
                                inspected.module(),
                                settings.engine(),
                                memoryLimits(inspected, settings),
                                inspected.view().importsFrom(InstanceFactory.WASI_MODULE),
                                cache);
    }

    /**
     * Compiles the plugin and brings up its first instance, which runs the load hook.
     *
     * @throws PluginLoadException if the memory does not fit the cap or the load hook fails
     */
    public static LoadedPlugin load(
            InspectedPlugin inspected,
            PluginSettings settings,
            PluginEventListener listener,
            PortRegistry ports,
            CompileCache cache) {
        LoadedPlugin plugin;
        try {
            plugin = new LoadedPlugin(inspected, settings, listener, ports, cache);
        } catch (PluginLoadException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PluginLoadException(
                    "plugin " + inspected.descriptor().name() + ": compiling failed: " + e, e);
        }
        Pooled first;
        try {
            first = plugin.create(true);
        } catch (CallFailed e) {
            // A component is linked as its instance is made: that failure is not the hook's.
            String whose = e.getCause() instanceof ComponentLinkException ? "" : "its load hook ";
            throw new PluginLoadException(
                    "plugin " + plugin.name() + ": loading failed: " + whose + e.getMessage(),
                    e.getCause());
        }
        plugin.pool.release(first);
        return plugin;
    }

    private static MemoryLimits memoryLimits(InspectedPlugin inspected, PluginSettings settings) {
        return inspected
                .view()
                .memoryLimits()
                .map(
                        declared ->
                                capped(
                                        inspected.descriptor().name(),
                                        "its memory",
                                        declared,
                                        settings.maxMemoryPages()))
                .orElse(null);
    }

    /**
     * The limits a memory runs with under the plugin's cap: it may grow to the cap, or to its own
     * maximum if lower.
     *
     * @throws PluginLoadException if it starts above the cap
     */
    static MemoryLimits capped(String plugin, String whose, MemoryLimits declared, int cap) {
        int initial = declared.initialPages();
        if (initial > cap) {
            throw new PluginLoadException(
                    "plugin "
                            + plugin
                            + ": "
                            + whose
                            + " starts at "
                            + initial
                            + " pages ("
                            + size(initial)
                            + "), above its max_memory cap of "
                            + cap
                            + " pages ("
                            + size(cap)
                            + "); raise max_memory for it");
        }
        return new MemoryLimits(initial, Math.min(cap, declared.maximumPages()));
    }

    private static String size(int pages) {
        long kib = pages * 64L;
        return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
    }

    public String name() {
        return descriptor.name();
    }

    public PluginState state() {
        return state;
    }

    public boolean hasBeforeStore() {
        return binding.hasBeforeStore();
    }

    public boolean hasAfterStore() {
        return binding.hasAfterStore();
    }

    public Map<String, String> storedConfig() {
        return context.storedConfig();
    }

    /**
     * Runs the pre-store hook.
     *
     * @return null to let the record through, or the rejection
     */
    public Decision beforeStore(RecordBytes record) {
        Pooled instance;
        Verdict verdict;
        try {
            instance = borrow();
            verdict = call(instance, binding.beforeStoreHook(), g -> g.beforeStore(record));
        } catch (CallFailed e) {
            return failed(e, true);
        }
        pool.release(instance, instance.generation == generation);
        if (verdict instanceof Verdict.Block block) {
            rejected.increment();
            return Decision.reject(name(), block.reason());
        }
        return null;
    }

    /** Runs the post-store hook; failures are counted and logged, the record is already stored. */
    public void afterStore(StoredRecord stored, RecordBytes record) {
        Pooled instance;
        try {
            instance = borrow();
            call(
                    instance,
                    binding.afterStoreHook(),
                    g -> {
                        g.afterStore(stored, record);
                        return null;
                    });
        } catch (CallFailed e) {
            failed(e, false);
            return;
        }
        pool.release(instance, instance.generation == generation);
    }

    /** A call into one instance, under the deadline, with its log reset around it. */
    private <T> T call(Pooled instance, String hook, Function<GuestInstance, T> body) {
        var guest = instance.guest;
        guest.log().beginCall();
        try {
            T result = guard.run(hook, () -> body.apply(guest));
            guest.commit(); // only a call that succeeded publishes what it held back
            if (consecutiveFailures.get() != 0) {
                consecutiveFailures.set(0);
            }
            return result;
        } finally {
            calls.increment();
            guest.log().endCall();
        }
    }

    private Decision failed(CallFailed failure, boolean record) {
        failures.increment();
        int inARow = consecutiveFailures.incrementAndGet();
        var onError = settings.onError();
        String outcome =
                !record
                        ? "the record was already stored"
                        : onError == OnError.REJECT
                                ? "record rejected (on_error: reject)"
                                : "record allowed (on_error: allow)";
        LOG.warn(
                "plugin {}: {} {}; instance discarded, {}",
                name(),
                failure.hook(),
                failure.getMessage(),
                outcome);
        if (LOG.isDebugEnabled() && failure.getCause() != null) {
            LOG.debug("plugin {}: failure detail", name(), failure.getCause());
        }
        if (inARow >= settings.maxConsecutiveFailures()) {
            markFailed(failure.hook() + " " + failure.getMessage(), inARow);
        }
        if (record && onError == OnError.REJECT) {
            return Decision.reject(name(), "plugin failed: " + failure.getMessage());
        }
        return null;
    }

    private void markFailed(String cause, int inARow) {
        synchronized (transitions) {
            if (state == PluginState.FAILED) {
                return;
            }
            failureReason = inARow + " consecutive failures, the last: " + cause;
            state = PluginState.FAILED;
            generation++;
            pool.drain();
        }
        LOG.error(
                "plugin {} moved to Failed after {} consecutive failures and will be skipped"
                        + " (last: {}); unload and load it again once fixed",
                name(),
                inARow,
                cause);
    }

    private Pooled borrow() {
        Pooled instance;
        while ((instance = pool.borrow()) != null) {
            if (instance.generation == generation) {
                return instance;
            }
        }
        return create(false);
    }

    /**
     * A new instance, initialised (and enabled, if the plugin is), under one deadline.
     *
     * @param first whether this is the plugin's first instance, whose {@code init} may claim a port
     */
    private Pooled create(boolean first) {
        int gen = generation;
        boolean enable = state == PluginState.ENABLED && binding.hasLifecycleHook(Lifecycle.ENABLE);
        var fresh =
                guard.run(
                        "instantiation",
                        () -> {
                            var guest = binding.instantiate(code, context);
                            guest.log().beginCall();
                            try {
                                var asked = guest.initialise();
                                if (enable) {
                                    guest.lifecycle(Lifecycle.ENABLE);
                                }
                                return new Fresh(guest, asked);
                            } finally {
                                guest.log().endCall();
                            }
                        });
        registerPort(fresh.port(), first);
        fresh.guest().commit(); // events of init and the enable hook, now that both succeeded
        return new Pooled(fresh.guest(), gen);
    }

    /** A new instance and the port its {@code init} asked for. */
    private record Fresh(GuestInstance guest, OptionalInt port) {}

    private void registerPort(OptionalInt asked, boolean first) {
        var current = port;
        if (asked.equals(current)) {
            return;
        }
        if (!first) {
            throw new CallFailed(
                    "init",
                    "asked for "
                            + (asked.isPresent() ? "port " + asked.getAsInt() : "no port")
                            + " but its first instance asked for "
                            + (current.isPresent() ? "port " + current.getAsInt() : "none"),
                    null);
        }
        ports.claim(asked.getAsInt(), name());
        port = asked;
    }

    /** Enables the plugin, running the enable hook on every idle instance. */
    public void enable() {
        synchronized (transitions) {
            switch (state) {
                case ENABLED -> {
                    return;
                }
                case FAILED ->
                        throw new SluiceException(
                                "plugin "
                                        + name()
                                        + " is Failed ("
                                        + failureReason
                                        + "); unload and load it again instead");
                default -> {}
            }
            transition(Lifecycle.ENABLE);
            state = PluginState.ENABLED;
        }
        LOG.info("plugin {} enabled", name());
    }

    /** Disables the plugin: it sees no more records; the disable hook runs on idle instances. */
    public void disable() {
        synchronized (transitions) {
            if (state != PluginState.ENABLED) {
                return;
            }
            state = PluginState.DISABLED;
            transition(Lifecycle.DISABLE);
        }
        LOG.info("plugin {} disabled", name());
    }

    /** Disables if needed, runs the unload hook on idle instances, and drops them all. */
    public void unload() {
        synchronized (transitions) {
            if (state != PluginState.FAILED) {
                if (state == PluginState.ENABLED) {
                    state = PluginState.DISABLED;
                    transition(Lifecycle.DISABLE);
                }
                transition(Lifecycle.UNLOAD);
            }
            generation++;
            pool.drain();
            port.ifPresent(p -> ports.release(p, name()));
        }
        LOG.info("plugin {} unloaded", name());
    }

    /** Runs a lifecycle hook on each idle instance; one that fails is logged and dropped. */
    private void transition(Lifecycle hook) {
        int next = generation + 1;
        var synced = new ArrayList<Pooled>();
        boolean hasHook = binding.hasLifecycleHook(hook);
        for (Pooled instance : pool.drain()) {
            if (instance.generation != generation) {
                continue;
            }
            if (!hasHook) {
                instance.generation = next;
                synced.add(instance);
                continue;
            }
            try {
                call(
                        instance,
                        hook.name().toLowerCase() + " hook",
                        g -> {
                            g.lifecycle(hook);
                            return null;
                        });
                instance.generation = next;
                synced.add(instance);
            } catch (CallFailed e) {
                failures.increment();
                LOG.warn("plugin {}: {} {}; instance discarded", name(), e.hook(), e.getMessage());
            }
        }
        generation = next;
        synced.forEach(pool::release);
    }

    public PluginStatus status() {
        return new PluginStatus(
                descriptor,
                settings,
                state,
                port,
                calls.sum(),
                rejected.sum(),
                failures.sum(),
                Optional.ofNullable(failureReason));
    }
}
