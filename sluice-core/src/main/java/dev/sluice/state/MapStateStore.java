package dev.sluice.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A state store whose namespaces are concurrent maps: on the heap ({@link InMemoryStateStore}) or
 * in an embedded store that hands out such maps. It keeps each namespace's usage and applies the
 * {@link StateLimits}; a subclass only opens the maps and says what its own failures mean.
 *
 * <p>Reads take no lock; writes to one plugin's namespace take that namespace's lock (so a limit is
 * checked and the write made as one step, and increments are exact), never another plugin's. Usage
 * is counted once when a namespace is first touched, then kept up to date with every write.
 */
public abstract class MapStateStore implements StateStore {

    /** One plugin's map and what it holds; writes hold its monitor. */
    private static final class Namespace {
        final ConcurrentMap<String, byte[]> map;
        long keys;
        long bytes;

        Namespace(ConcurrentMap<String, byte[]> map) {
            this.map = map;
            for (var e : map.entrySet()) {
                keys++;
                bytes += StateLimits.cost(e.getKey(), e.getValue());
            }
        }
    }

    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    /** The map of a namespace, made empty when the store has none yet. */
    protected abstract ConcurrentMap<String, byte[]> openMap(String namespace);

    /**
     * What to throw for a failure of the store itself (not a limit): by default the failure as it
     * is; a store on disk says which file failed.
     */
    protected RuntimeException failed(RuntimeException e) {
        return e;
    }

    private Namespace namespace(String name) {
        try {
            return namespaces.computeIfAbsent(name, n -> new Namespace(openMap(n)));
        } catch (StateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        var ns = namespace(namespace);
        try {
            return Optional.ofNullable(ns.map.get(key));
        } catch (RuntimeException e) {
            throw failed(e);
        }
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
        var ns = namespace(namespace);
        synchronized (ns) {
            byte[] old;
            try {
                old = ns.map.remove(key);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            if (old == null) {
                return false;
            }
            ns.keys--;
            ns.bytes -= StateLimits.cost(key, old);
            return true;
        }
    }

    @Override
    public long increment(String namespace, String key, long delta, StateLimits limits) {
        limits.checkEntry(namespace, key, null);
        var ns = namespace(namespace);
        synchronized (ns) {
            byte[] stored;
            try {
                stored = ns.map.get(key);
            } catch (RuntimeException e) {
                throw failed(e);
            }
            long next =
                    CounterText.add(
                            namespace, key, CounterText.parse(namespace, key, stored), delta);
            put(ns, namespace, key, CounterText.encode(next), limits);
            return next;
        }
    }

    /** Checks the limits for the write and makes it; the caller holds the namespace's lock. */
    private void put(Namespace ns, String namespace, String key, byte[] value, StateLimits limits) {
        byte[] old;
        try {
            old = ns.map.get(key);
        } catch (RuntimeException e) {
            throw failed(e);
        }
        long bytes = limits.checkPut(namespace, key, old, value, new StateUsage(ns.keys, ns.bytes));
        try {
            ns.map.put(key, value);
        } catch (RuntimeException e) {
            throw failed(e);
        }
        ns.keys += old == null ? 1 : 0;
        ns.bytes = bytes;
    }

    @Override
    public StateUsage usage(String namespace) {
        var ns = namespace(namespace);
        synchronized (ns) {
            return new StateUsage(ns.keys, ns.bytes);
        }
    }
}
