package dev.sluice.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State on the heap, the engine's default: kept across calls, instances and reloads of a plugin
 * within one engine, lost when the process ends. Bounded by each plugin's {@link StateLimits}.
 *
 * <p>Reads take no lock; writes to one plugin's namespace take that namespace's lock (so a limit is
 * checked and the write made as one step, and increments are exact), never another plugin's.
 */
public final class InMemoryStateStore implements StateStore {

    /** One plugin's entries and what they cost; writes hold its monitor. */
    private static final class Namespace {
        final Map<String, byte[]> entries = new ConcurrentHashMap<>();
        long bytes;
    }

    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    private Namespace namespace(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace());
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        var ns = namespaces.get(namespace);
        return ns == null ? Optional.empty() : Optional.ofNullable(ns.entries.get(key));
    }

    @Override
    public void set(String namespace, String key, byte[] value, StateLimits limits) {
        limits.checkEntry(namespace, key, value);
        byte[] copy = value.clone();
        var ns = namespace(namespace);
        synchronized (ns) {
            put(ns, namespace, key, copy, limits);
        }
    }

    @Override
    public boolean delete(String namespace, String key) {
        var ns = namespaces.get(namespace);
        if (ns == null) {
            return false;
        }
        synchronized (ns) {
            byte[] old = ns.entries.remove(key);
            if (old == null) {
                return false;
            }
            ns.bytes -= StateLimits.cost(key, old);
            return true;
        }
    }

    @Override
    public long increment(String namespace, String key, long delta, StateLimits limits) {
        limits.checkEntry(namespace, key, null);
        var ns = namespace(namespace);
        synchronized (ns) {
            long next =
                    CounterText.add(
                            namespace,
                            key,
                            CounterText.parse(namespace, key, ns.entries.get(key)),
                            delta);
            put(ns, namespace, key, CounterText.encode(next), limits);
            return next;
        }
    }

    /** Checks the limits for the write and makes it; the caller holds the namespace's lock. */
    private static void put(
            Namespace ns, String namespace, String key, byte[] value, StateLimits limits) {
        byte[] old = ns.entries.get(key);
        long bytes =
                limits.checkPut(
                        namespace, key, old, value, new StateUsage(ns.entries.size(), ns.bytes));
        ns.entries.put(key, value);
        ns.bytes = bytes;
    }

    @Override
    public StateUsage usage(String namespace) {
        var ns = namespaces.get(namespace);
        if (ns == null) {
            return new StateUsage(0, 0);
        }
        synchronized (ns) {
            return new StateUsage(ns.entries.size(), ns.bytes);
        }
    }
}
