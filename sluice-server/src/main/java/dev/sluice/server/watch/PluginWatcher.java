package dev.sluice.server.watch;

import dev.sluice.PluginValidationException;
import dev.sluice.Sluice;
import dev.sluice.SluiceException;
import dev.sluice.plugin.PluginSettings;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the engine's plugins in step with files on disk ({@code plugin.watch: true}): a {@code
 * *.wasm} added to a watched folder is loaded and enabled, one that changes is hot-reloaded, one
 * that goes away is unloaded. Files named explicitly ({@code plugin_paths}) are watched too, and
 * only they in their folders.
 *
 * <p>A change is acted on once the file has stopped changing for the debounce time (same size and
 * modification time at two looks that far apart), so a file still being copied is not loaded half
 * written; if it was anyway (a writer slower than the debounce), the load fails, is reported, and
 * the next change of the file tries again. A file that cannot be loaded never disturbs what runs: a
 * new plugin stays out of the chain, a changed one keeps its running version.
 */
public final class PluginWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginWatcher.class);

    /** A file whose change waits for the debounce; what it looked like when last seen. */
    private record Pending(long size, long modified, long seenAt) {}

    private final Sluice sluice;
    private final Function<String, PluginSettings> settings;
    private final Set<Path> directories;
    private final Set<Path> files;
    private final Duration debounce;
    private final WatchService service;
    private final Map<Path, Pending> pending = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param directories folders whose every {@code *.wasm} is a plugin
     * @param files plugin files named one by one (their folders are watched for them alone)
     * @param settings the settings for a plugin of a given name
     */
    public PluginWatcher(
            Sluice sluice,
            List<Path> directories,
            List<Path> files,
            Function<String, PluginSettings> settings,
            Duration debounce)
            throws IOException {
        this.sluice = Objects.requireNonNull(sluice, "sluice");
        this.settings = settings;
        this.directories = Set.copyOf(directories.stream().map(PluginWatcher::absolute).toList());
        this.files = Set.copyOf(files.stream().map(PluginWatcher::absolute).toList());
        this.debounce = debounce;
        this.service = FileSystems.getDefault().newWatchService();
        try {
            for (Path dir : this.directories) {
                register(dir);
            }
            for (Path file : this.files) {
                register(file.getParent());
            }
        } catch (IOException e) {
            service.close();
            throw e;
        }
        this.thread = new Thread(this::run, "sluice-plugin-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info(
                "watching {} for plugins (changes are acted on after {} without a write)",
                describe(),
                debounce.toMillis() + " ms");
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private void register(Path dir) throws IOException {
        dir.register(
                service,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private String describe() {
        var all = new java.util.TreeSet<String>();
        directories.forEach(d -> all.add(d + "/*.wasm"));
        files.forEach(f -> all.add(f.toString()));
        return String.join(", ", all);
    }

    private boolean watched(Path file) {
        return files.contains(file)
                || directories.contains(file.getParent())
                        && file.getFileName().toString().endsWith(".wasm");
    }

    private void run() {
        long tick = Math.max(10, debounce.toMillis() / 4);
        while (!closed) {
            WatchKey key;
            try {
                key = service.poll(tick, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key != null) {
                var dir = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        var file = dir.resolve(name).normalize();
                        if (watched(file)) {
                            pending.put(file, look(file, System.nanoTime()));
                        }
                    } else if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        LOG.warn("too many file changes at once under {}: rescanning", dir);
                        rescan(dir);
                    }
                }
                key.reset();
            }
            settle();
        }
    }

    /** After an overflow: every watched file in the folder is looked at again. */
    private void rescan(Path dir) {
        long now = System.nanoTime();
        try (var entries = Files.list(dir)) {
            entries.map(Path::normalize)
                    .filter(this::watched)
                    .forEach(f -> pending.put(f, look(f, now)));
        } catch (IOException e) {
            LOG.error("cannot list {}: {}", dir, e.toString());
        }
        sluice.plugins().stream()
                .map(p -> absolute(p.path()))
                .filter(p -> p.getParent().equals(dir) && !Files.exists(p))
                .forEach(p -> pending.put(p, new Pending(-1, -1, now)));
    }

    private static Pending look(Path file, long now) {
        try {
            var attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new Pending(attrs.size(), attrs.lastModifiedTime().toMillis(), now);
        } catch (NoSuchFileException e) {
            return new Pending(-1, -1, now);
        } catch (IOException e) {
            return new Pending(-2, -2, now);
        }
    }

    /** Acts on every pending file that has not changed for the debounce time. */
    private void settle() {
        long now = System.nanoTime();
        var it = pending.entrySet().iterator();
        while (it.hasNext()) {
            var entry = it.next();
            var before = entry.getValue();
            if (now - before.seenAt() < debounce.toNanos()) {
                continue;
            }
            var file = entry.getKey();
            var seen = look(file, now);
            if (seen.size() != before.size() || seen.modified() != before.modified()) {
                entry.setValue(seen); // still being written: wait another debounce
                continue;
            }
            it.remove();
            act(file, seen.size() >= 0);
        }
    }

    private void act(Path file, boolean exists) {
        String name = Sluice.pluginName(file);
        var running = sluice.plugin(name);
        try {
            if (!exists) {
                if (running.isPresent() && absolute(running.get().path()).equals(file)) {
                    sluice.unload(name);
                    LOG.info("plugin {} unloaded: {} was removed", name, file);
                }
                return;
            }
            if (running.isPresent()) {
                var replaced = sluice.replace(name, file, settings.apply(name));
                if (replaced.changed()) {
                    LOG.info("plugin {} reloaded from {}", name, file);
                }
                return;
            }
            sluice.load(file, settings.apply(name));
            sluice.enable(name);
            LOG.info("plugin {} loaded from {}, which appeared", name, file);
        } catch (SluiceException e) {
            LOG.error(
                    "plugin file {} changed but was not loaded{}: {}",
                    file,
                    running.isPresent() ? " (the running version keeps serving)" : "",
                    e instanceof PluginValidationException v
                            ? String.join("; ", v.problems())
                            : e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("plugin file {} changed and handling it failed: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
