package dev.sluice.server.state;

import dev.sluice.state.CounterText;
import dev.sluice.state.StateException;
import dev.sluice.state.StateLimits;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The server's default state store: one file ({@code data_dir/state/state.mv}) in H2's MVStore, an
 * embedded, pure-Java, log-structured B-tree store with crash-safe commits. One map per plugin.
 *
 * <p>Reads are MVMap lookups without a lock. Writes to one plugin's map hold that plugin's lock, so
 * a limit is checked and the write made as one step and increments are exact; each namespace's
 * usage is counted once when first touched, then kept up to date with every write. MVStore commits
 * what was written in the background within {@link #COMMIT_DELAY_MS} ms and on close; a crash loses
 * at most that much, never the file's consistency.
 */
public final class EmbeddedStateStore implements StateStore {

    /** How often written state reaches the disk (MVStore's auto-commit delay). */
    public static final int COMMIT_DELAY_MS = 200;

    private static final String FILE = "state.mv";

    /** One plugin's map and what it holds; writes hold its monitor. */
    private static final class Namespace {
        final MVMap<String, byte[]> map;
        long keys;
        long bytes;

        Namespace(MVMap<String, byte[]> map) {
            this.map = map;
            for (var e : map.entrySet()) {
                keys++;
                bytes += StateLimits.cost(e.getKey(), e.getValue());
            }
        }
    }

    private final MVStore store;
    private final Path file;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    private EmbeddedStateStore(MVStore store, Path file) {
        this.store = store;
        this.file = file;
    }

    /**
     * Opens (or creates) the store in {@code directory}.
     *
     * @throws StateException naming the file when it cannot be opened (locked by another server,
     *     not writable, damaged)
     */
    public static EmbeddedStateStore open(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
            var store = new MVStore.Builder().fileName(file.toString()).open();
            store.setAutoCommitDelay(COMMIT_DELAY_MS);
            return new EmbeddedStateStore(store, file);
        } catch (java.io.IOException | MVStoreException e) {
            throw new StateException(
                    StateException.Reason.UNAVAILABLE,
                    "cannot open the state store "
                            + file
                            + ": "
                            + e.getMessage()
                            + " (is another server using this data_dir? set data_dir, or"
                            + " state.type: memory)",
                    e);
        }
    }

    private Namespace namespace(String name) {
        return namespaces.computeIfAbsent(name, n -> new Namespace(store.openMap("state/" + n)));
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        try {
            return Optional.ofNullable(namespace(namespace).map.get(key));
        } catch (MVStoreException e) {
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
            try {
                byte[] old = ns.map.remove(key);
                if (old == null) {
                    return false;
                }
                ns.keys--;
                ns.bytes -= StateLimits.cost(key, old);
                return true;
            } catch (MVStoreException e) {
                throw failed(e);
            }
        }
    }

    @Override
    public long increment(String namespace, String key, long delta, StateLimits limits) {
        limits.checkEntry(namespace, key, null);
        var ns = namespace(namespace);
        synchronized (ns) {
            long next;
            try {
                next =
                        CounterText.add(
                                namespace,
                                key,
                                CounterText.parse(namespace, key, ns.map.get(key)),
                                delta);
            } catch (MVStoreException e) {
                throw failed(e);
            }
            put(ns, namespace, key, CounterText.encode(next), limits);
            return next;
        }
    }

    /** Checks the limits for the write and makes it; the caller holds the namespace's lock. */
    private void put(Namespace ns, String namespace, String key, byte[] value, StateLimits limits) {
        try {
            byte[] old = ns.map.get(key);
            long bytes =
                    limits.checkPut(namespace, key, old, value, new StateUsage(ns.keys, ns.bytes));
            ns.map.put(key, value);
            ns.keys += old == null ? 1 : 0;
            ns.bytes = bytes;
        } catch (MVStoreException e) {
            throw failed(e);
        }
    }

    @Override
    public StateUsage usage(String namespace) {
        var ns = namespace(namespace);
        synchronized (ns) {
            return new StateUsage(ns.keys, ns.bytes);
        }
    }

    private StateException failed(MVStoreException e) {
        return new StateException(
                StateException.Reason.UNAVAILABLE,
                "the state store " + file + " failed: " + e.getMessage(),
                e);
    }

    /** Writes what is not yet on disk and closes the file. */
    @Override
    public void close() {
        store.close();
    }
}
