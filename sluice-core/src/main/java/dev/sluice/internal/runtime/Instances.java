package dev.sluice.internal.runtime;

import dev.sluice.internal.contract.ContractBinding;
import dev.sluice.internal.contract.GuestInstance;
import dev.sluice.internal.contract.Lifecycle;
import dev.sluice.internal.contract.PluginContext;
import dev.sluice.plugin.PluginActivity;
import dev.sluice.plugin.PluginSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live instances of one loaded plugin: at most {@code max_instances} of them, busy or idle,
 * each holding its memory reservation from the engine's budget.
 *
 * <p>A caller first takes one of {@code max_instances} permits (waiting up to {@code
 * max_queue_time}), then an idle instance or, when there is none, a new one. Because no more
 * instances exist than permits, the idle pool always has room for a returned one: no instance is
 * ever dropped for lack of space.
 *
 * <p>Hooks: every instance sees a well-formed sequence of its own — load hook, then enable and
 * disable in turn, then (when the plugin is unloaded) disable if it was enabled and the unload
 * hook. A transition runs the hook on every idle instance; an instance that was busy catches up
 * when it is returned or next borrowed, so none misses a hook and none is used in a stale state. An
 * instance whose call failed is dropped without further hooks: its memory and state can no longer
 * be trusted. A dropped instance is closed at once (the engine may hold native memory for it).
 */
final class Instances {

    private static final Logger LOG = LoggerFactory.getLogger("dev.sluice.plugins");

    /** One instance and the lifecycle it has seen. Owned by one thread at a time. */
    static final class Instance {
        final GuestInstance guest;
        boolean enabled;

        private Instance(GuestInstance guest) {
            this.guest = guest;
        }
    }

    /** What the plugin's instances must be brought to. */
    private record Target(boolean enabled, boolean unloaded) {}

    private final String plugin;
    private final ContractBinding binding;
    private final PluginCode code;
    private final PluginContext context;
    private final PluginSettings settings;
    private final MemoryBudget budget;
    private final PortRegistry ports;
    private final Counters counters;
    private final InstancePool<Instance> idle;
    private final Semaphore permits;
    private final long queueNanos;

    private volatile Target target = new Target(false, false);

    /** Instances made and not yet dropped, busy or idle. */
    private final AtomicInteger alive = new AtomicInteger();

    private volatile OptionalInt port = OptionalInt.empty();
    private boolean portClaimed;

    Instances(
            String plugin,
            ContractBinding binding,
            PluginCode code,
            PluginContext context,
            PluginSettings settings,
            MemoryBudget budget,
            PortRegistry ports,
            Counters counters) {
        this.plugin = plugin;
        this.binding = binding;
        this.code = code;
        this.context = context;
        this.settings = settings;
        this.budget = budget;
        this.ports = ports;
        this.counters = counters;
        this.idle = new InstancePool<>(settings.maxInstances());
        this.permits = new Semaphore(settings.maxInstances());
        this.queueNanos = settings.maxQueueTime().toNanos();
    }

    OptionalInt port() {
        return port;
    }

    /**
     * Brings up the first instance (running the load hook, which may claim a port) and pools it.
     *
     * @throws CallFailed when it cannot be made
     * @throws Overloaded when the memory budget has no room for it
     */
    void start() {
        acquirePermit();
        Instance first;
        try {
            first = create(System.nanoTime() + queueNanos);
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
        if (first != null) {
            release(first, true);
        } else {
            permits.release();
        }
    }

    /** How many instances exist now, busy or idle. */
    int alive() {
        return alive.get();
    }

    /**
     * Makes and pools instances until {@code count} exist (at most {@code max_instances}), for a
     * new version about to take over from one that had that many: otherwise the first calls after
     * the swap would each make one, on the record path, under load. Best effort: it stops, saying
     * why, when the memory budget has no room now (the old version still holds its share) or an
     * instance cannot be made; calls then make the rest as they would have.
     */
    void warm(int count) {
        while (alive() < Math.min(count, settings.maxInstances()) && permits.tryAcquire()) {
            Instance made;
            try {
                made = create(System.nanoTime());
            } catch (RuntimeException e) {
                permits.release();
                LOG.info(
                        "plugin {}: {} of {} instances made before the swap; calls make the rest"
                                + " ({})",
                        plugin,
                        alive(),
                        count,
                        e.getMessage());
                return;
            }
            if (made == null) {
                permits.release();
                return;
            }
            release(made, true);
        }
    }

    /**
     * An instance for one call, up to date with the plugin's lifecycle; give it back with {@link
     * #release}.
     *
     * @return null when the plugin was unloaded meanwhile
     * @throws Overloaded when none could be had within the queue time
     * @throws CallFailed when a new one had to be made and that failed
     */
    Instance acquire() {
        long deadline = System.nanoTime() + queueNanos;
        acquirePermit();
        try {
            if (target.unloaded()) {
                permits.release();
                return null;
            }
            Instance instance;
            while ((instance = idle.borrow()) != null) {
                if (catchUp(instance)) {
                    return instance;
                }
            }
            var made = create(deadline);
            if (made == null) {
                permits.release();
            }
            return made;
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    private void acquirePermit() {
        boolean got;
        try {
            got = permits.tryAcquire(queueNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Overloaded("interrupted while waiting for an instance");
        }
        if (!got) {
            throw new Overloaded(
                    "all "
                            + settings.maxInstances()
                            + " instances were busy for "
                            + Failures.format(settings.maxQueueTime())
                            + " (plugin.max_instances, plugin.max_queue_time)");
        }
    }

    /**
     * Returns an instance after a call.
     *
     * @param healthy false when its call failed: it is dropped without further hooks
     */
    void release(Instance instance, boolean healthy) {
        try {
            if (!healthy) {
                retire(instance);
            } else if (catchUp(instance)) {
                pool(instance);
                // An unload that drained the pool just before this instance went in must still
                // reach it: whoever sees the unload after pooling drains again.
                if (target.unloaded()) {
                    drain();
                }
            }
        } finally {
            permits.release();
        }
    }

    /** Runs the enable or disable hook on every idle instance; busy ones catch up on return. */
    void setEnabled(boolean enabled) {
        target = new Target(enabled, false);
        drain();
    }

    /** Runs disable (where enabled) and unload hooks on idle instances and drops them all. */
    void unload() {
        target = new Target(false, true);
        drain();
        port.ifPresent(p -> ports.release(p, plugin));
    }

    /**
     * Takes every idle instance out and brings it up to date. Each is held with a permit while out,
     * as a caller would, so no caller makes an extra instance meanwhile; while every permit is held
     * no instance is idle, so one that cannot be had means there is nothing left to drain.
     */
    private void drain() {
        var caughtUp = new ArrayList<Instance>();
        try {
            while (permits.tryAcquire()) {
                var instance = idle.borrow();
                if (instance == null) {
                    permits.release();
                    break;
                }
                if (catchUp(instance)) {
                    caughtUp.add(instance);
                } else {
                    permits.release();
                }
            }
        } finally {
            for (var instance : caughtUp) {
                pool(instance);
                permits.release();
            }
        }
    }

    /** No more instances exist than slots, so this always fits; if not, it ends properly. */
    private void pool(Instance instance) {
        if (!idle.release(instance)) {
            LOG.warn(
                    "plugin {}: instance pool full, which should not happen; unloading one",
                    plugin);
            if (instance.enabled) {
                hook(instance, Lifecycle.DISABLE);
            }
            hook(instance, Lifecycle.UNLOAD);
            retire(instance);
        }
    }

    /**
     * Brings an instance to the target lifecycle by running the hooks it missed.
     *
     * @return true if it may be used; false if it was dropped (unloaded, or a hook failed)
     */
    private boolean catchUp(Instance instance) {
        var goal = target;
        if (goal.unloaded()) {
            if (instance.enabled && hook(instance, Lifecycle.DISABLE)) {
                instance.enabled = false;
            }
            if (!instance.enabled) {
                hook(instance, Lifecycle.UNLOAD);
            }
            retire(instance);
            return false;
        }
        if (instance.enabled != goal.enabled()) {
            if (!hook(instance, goal.enabled() ? Lifecycle.ENABLE : Lifecycle.DISABLE)) {
                retire(instance);
                return false;
            }
            instance.enabled = goal.enabled();
        }
        return true;
    }

    /** Runs one lifecycle hook; false (logged and counted) if it failed. */
    private boolean hook(Instance instance, Lifecycle transition) {
        if (!binding.hasLifecycleHook(transition)) {
            return true;
        }
        String name = transition.name().toLowerCase(Locale.ROOT) + " hook";
        try {
            call(
                    instance,
                    name,
                    settings.maxExecutionTime(),
                    g -> {
                        g.lifecycle(transition);
                        return null;
                    });
            return true;
        } catch (CallFailed e) {
            (e.blame() == CallFailed.Blame.HOST ? counters.hostFailures : counters.failures)
                    .increment();
            LOG.warn("plugin {}: {} {}; instance discarded", plugin, e.hook(), e.getMessage());
            context.report(
                    PluginActivity.FailureKind.HOOK,
                    e.hook() + " " + e.getMessage() + "; instance discarded");
            return false;
        }
    }

    /** A call into one instance, under a deadline, with its log reset around it. */
    <T> T call(Instance instance, String hook, Duration limit, Function<GuestInstance, T> body) {
        var guest = instance.guest;
        guest.log().beginCall();
        long start = System.nanoTime();
        try {
            T result = CallGuard.run(hook, limit, () -> body.apply(guest));
            guest.commit(); // only a call that succeeded publishes what it held back
            return result;
        } finally {
            counters.latency.record(System.nanoTime() - start);
            counters.calls.increment();
            guest.log().endCall();
        }
    }

    /**
     * A new instance, or null if the plugin was unloaded while it was made: its memory reserved
     * (waiting until {@code deadline} for room), made and initialised under the init limit — not
     * the call's — and enabled if the plugin is.
     */
    private Instance create(long deadline) {
        long bytes = code.reservedBytes();
        boolean reserved;
        try {
            reserved = budget.reserve(bytes, deadline - System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Overloaded("interrupted while waiting for memory");
        }
        if (!reserved) {
            throw new Overloaded(
                    "no room in the plugin memory budget of "
                            + mib(budget.total())
                            + " for another instance of "
                            + mib(bytes)
                            + " (plugin.max_total_memory; "
                            + mib(budget.reserved())
                            + " reserved)");
        }
        GuestInstance guest;
        OptionalInt asked;
        try {
            var made =
                    CallGuard.run(
                            binding.loadHook(),
                            settings.maxInitTime(),
                            () -> {
                                var g = binding.instantiate(code, context);
                                g.log().beginCall();
                                try {
                                    return new Made(g, g.initialise());
                                } catch (RuntimeException | Error e) {
                                    g.close();
                                    throw e;
                                } finally {
                                    g.log().endCall();
                                }
                            });
            guest = made.guest();
            asked = made.port();
            try {
                checkPort(asked);
            } catch (RuntimeException e) {
                guest.close();
                throw e;
            }
            guest.commit(); // what init published, now that it succeeded
        } catch (RuntimeException | Error e) {
            budget.release(bytes);
            throw e;
        }
        var instance = new Instance(guest);
        alive.incrementAndGet();
        if (catchUp(instance)) {
            return instance;
        }
        if (target.unloaded()) {
            return null;
        }
        throw new CallFailed("enable hook", "failed on a new instance (logged above)", null);
    }

    private record Made(GuestInstance guest, OptionalInt port) {}

    /** The first instance may claim a port; every later one must ask for the same. */
    private synchronized void checkPort(OptionalInt asked) {
        if (!portClaimed) {
            asked.ifPresent(p -> ports.claim(p, plugin));
            port = asked;
            portClaimed = true;
            return;
        }
        if (!asked.equals(port)) {
            throw new CallFailed(
                    binding.loadHook(),
                    "asked for "
                            + (asked.isPresent() ? "port " + asked.getAsInt() : "no port")
                            + " but its first instance asked for "
                            + (port.isPresent() ? "port " + port.getAsInt() : "none"),
                    null);
        }
    }

    /** Drops an instance for good: its engine instance freed, its memory reservation returned. */
    private void retire(Instance instance) {
        try {
            instance.guest.close();
        } catch (RuntimeException e) {
            LOG.warn("plugin {}: closing a dropped instance failed: {}", plugin, e.toString());
        } finally {
            alive.decrementAndGet();
            budget.release(code.reservedBytes());
        }
    }

    private static String mib(long bytes) {
        return bytes % (1024 * 1024) == 0
                ? bytes / (1024 * 1024) + " MiB"
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
