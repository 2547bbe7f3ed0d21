package dev.sluice.server.state;

import dev.sluice.state.MapStateStore;
import dev.sluice.state.StateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The server's default state store: one file ({@code data_dir/state/state.mv}) in H2's MVStore, an
 * embedded, pure-Java, log-structured B-tree store with crash-safe commits. One map per plugin.
 *
 * <p>Reads, writes and limits are {@link MapStateStore}'s, over MVMaps. MVStore commits what was
 * written in the background within {@link #COMMIT_DELAY_MS} ms and on close; a crash loses at most
 * that much, never the file's consistency.
 */
public final class EmbeddedStateStore extends MapStateStore {

    /** How often written state reaches the disk (MVStore's auto-commit delay). */
    public static final int COMMIT_DELAY_MS = 200;

    private static final String FILE = "state.mv";

    private final MVStore store;
    private final Path file;

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

    @Override
    protected ConcurrentMap<String, byte[]> openMap(String namespace) {
        return store.openMap("state/" + namespace);
    }

    @Override
    protected RuntimeException failed(RuntimeException e) {
        return e instanceof MVStoreException
                ? new StateException(
                        StateException.Reason.UNAVAILABLE,
                        "the state store " + file + " failed: " + e.getMessage(),
                        e)
                : e;
    }

    /** Writes what is not yet on disk and closes the file. */
    @Override
    public void close() {
        store.close();
    }
}
