package dev.sluice.server.log.disk;

import dev.sluice.record.Record;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.log.Slice;
import dev.sluice.server.log.StorageFull;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link RecordLog} ({@code storage.type: disk}, the default): each partition a
 * directory {@code <data_dir>/topics/<topic>-<partition>/} of segment files (see {@link Batch} for
 * the format, {@link Segment} for the index), rolled by size, deleted whole by retention.
 *
 * <p><b>Durability.</b> With {@code flush: every_batch} an append returns only after every segment
 * it wrote to was forced to the disk; with {@code flush: {interval: …}} a background thread forces
 * them, so an acknowledged record survives {@code kill -9} (it is in the page cache) but not
 * necessarily a power loss.
 *
 * <p><b>A request is stored whole or not at all.</b> A request's records go to each partition as
 * one batch, written while the locks of all its partitions are held (taken in {@link
 * TopicPartition#ORDER}), and published to readers only when all are written. When a request writes
 * to more than one partition, each of its batches names where the others start ({@link
 * Batch.Part}). A crash can therefore leave a request's batch only as the last batch of a
 * partition, and recovery keeps such a batch only if every part it names is on disk; otherwise it
 * cuts it, so no restart ever shows half a request. No separate write-ahead log is needed: the
 * batches are their own commit record.
 *
 * <p><b>Memory.</b> Nothing of a record stays on the heap after its append: reads go to the files
 * (through the page cache), indexes are searched on disk, and what each partition keeps is a few
 * fields and its open segment files.
 */
public final class DiskLog implements RecordLog {

    private static final Logger LOG = LoggerFactory.getLogger(DiskLog.class);

    private final Path root;
    private final StorageSettings settings;
    private final Map<TopicPartition, DiskPartition> partitions = new ConcurrentHashMap<>();
    private final LongAdder removed = new LongAdder();
    private final List<RecoveryCut> recoveryCuts = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService maintenance;

    /** Runs the partitions' group commits, one at a time per partition, partitions in parallel. */
    private final ExecutorService flushers;

    private final FileChannel lockChannel;
    private final FileLock lock;

    /** Appends share it, {@link #delete} has it alone (so no append holds a deleted partition). */
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();

    private volatile boolean closed;

    private DiskLog(StorageSettings settings) throws IOException {
        this.settings = settings;
        this.root = settings.dataDir().resolve("topics");
        Files.createDirectories(root);
        this.lockChannel =
                FileChannel.open(
                        root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null;
        }
        if (held == null) {
            lockChannel.close();
            throw new IOException(
                    "another Sluice server is using data_dir "
                            + settings.dataDir()
                            + " (its topics/.lock is held); stop it or set another data_dir");
        }
        this.lock = held;
        this.flushers = Executors.newCachedThreadPool(daemons("sluice-flush"));
        this.maintenance = Executors.newSingleThreadScheduledExecutor(daemons("sluice-storage"));
    }

    private static ThreadFactory daemons(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Opens the log under {@code settings.dataDir()}, recovering what is there: torn or corrupt
     * tails cut and requests that are not whole on disk removed (see {@link Recovery}, {@link
     * #recoveryCuts()}).
     *
     * @throws UncheckedIOException if the directory cannot be used; the message names it
     */
    public static DiskLog open(StorageSettings settings) {
        try {
            var log = new DiskLog(settings);
            try {
                log.recover();
            } catch (IOException | RuntimeException e) {
                log.close();
                throw e;
            }
            log.startMaintenance();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot open storage in data_dir " + settings.dataDir() + ": " + e.getMessage(),
                    e);
        }
    }

    private void recover() throws IOException {
        var cuts = new ArrayList<RecoveryCut>();
        partitions.putAll(Recovery.run(root, settings.segmentBytes(), cuts));
        recoveryCuts.addAll(cuts);
        enforceRetention();
        if (!partitions.isEmpty()) {
            LOG.info("storage: {} partitions, {} records in {}", partitions.size(), size(), root);
        }
    }

    private void startMaintenance() {
        if (settings.flush() instanceof StorageSettings.Flush.Interval interval) {
            long every = interval.every().toMillis();
            maintenance.scheduleWithFixedDelay(
                    this::flushDirty, every, every, TimeUnit.MILLISECONDS);
        }
        if (settings.retentionMaxAge().isPresent()) {
            long every =
                    Math.max(10, Math.min(1000, settings.retentionMaxAge().get().toMillis() / 4));
            maintenance.scheduleWithFixedDelay(
                    this::enforceRetentionLogged, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void flushDirty() {
        for (var p : partitions.values()) {
            if (p.dirty()) {
                try {
                    p.force();
                } catch (IOException e) {
                    LOG.error("storage: cannot flush {} to disk", p.key(), e);
                }
            }
        }
    }

    private void enforceRetentionLogged() {
        try {
            enforceRetention();
        } catch (IOException | RuntimeException e) {
            LOG.error("storage: retention failed", e);
        }
    }

    /** Deletes the oldest segments of every partition over its size or past its age. */
    void enforceRetention() throws IOException {
        long notAfter =
                settings.retentionMaxAge()
                        .map(age -> System.currentTimeMillis() - age.toMillis())
                        .orElse(Long.MIN_VALUE);
        for (var p : partitions.values()) {
            removed.add(p.retain(settings.retentionMaxBytes(), notAfter));
        }
    }

    /** What recovery cut when this log was opened, in the order it did. */
    public List<RecoveryCut> recoveryCuts() {
        return List.copyOf(recoveryCuts);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A {@link FileChannel} closes itself for everyone when a thread is interrupted in the
     * middle of its I/O, and a plugin's deadline watchdog interrupts the thread that called it (the
     * same thread that then stores the records): so the I/O here runs with the interrupt flag
     * cleared, and the flag is set again afterwards.
     */
    @Override
    public long[] append(List<Record> records) {
        return appendInterruptible(records, false).offsets();
    }

    /**
     * {@inheritDoc}
     *
     * <p>With {@code flush: every_batch} and the records all of one partition, the force is a group
     * commit (see {@link DiskPartition#awaitForceLocked}); otherwise as {@link #append(List)}.
     */
    @Override
    public Appending appendPending(List<Record> records) {
        return appendInterruptible(records, true);
    }

    private Appending appendInterruptible(List<Record> records, boolean pending) {
        boolean interrupted = Thread.interrupted();
        structure.readLock().lock();
        try {
            return appendUninterrupted(records, pending);
        } finally {
            structure.readLock().unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Appending appendUninterrupted(List<Record> records, boolean pending) {
        if (closed) {
            throw new IllegalStateException("the disk log is closed");
        }
        long[] offsets = new long[records.size()];
        if (records.isEmpty()) {
            return new Appending(offsets, CompletableFuture.completedFuture(null));
        }
        var groups = new LinkedHashMap<TopicPartition, List<Integer>>();
        for (int i = 0; i < records.size(); i++) {
            var r = records.get(i);
            groups.computeIfAbsent(
                            new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
                    .add(i);
        }
        var order = new ArrayList<>(groups.keySet());
        order.sort(TopicPartition.ORDER);
        var logs = new ArrayList<DiskPartition>(order.size());
        for (var key : order) {
            logs.add(partition(key));
        }
        // One partition, forced per batch: the force is left to the partition's group commit.
        boolean groupCommit =
                pending
                        && logs.size() == 1
                        && settings.flush() instanceof StorageSettings.Flush.EveryBatch;
        CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);
        for (var p : logs) {
            p.lock();
        }
        try {
            var parts = new ArrayList<Batch.Part>();
            if (logs.size() > 1) {
                for (var p : logs) {
                    parts.add(new Batch.Part(p.key(), p.nextOffsetLocked()));
                }
            }
            var undo = new ArrayList<DiskPartition.Undo>(logs.size());
            DiskPartition writing = null;
            try {
                for (var p : logs) {
                    writing = p;
                    var indexes = groups.get(p.key());
                    var batch = new ArrayList<Record>(indexes.size());
                    long base = p.nextOffsetLocked();
                    for (int k = 0; k < indexes.size(); k++) {
                        batch.add(records.get(indexes.get(k)));
                        offsets[indexes.get(k)] = base + k;
                    }
                    undo.add(p.writeLocked(batch, parts));
                }
                if (groupCommit) {
                    var p = logs.get(0);
                    durable = p.awaitForceLocked(undo.get(0), flushers, e -> failure(p, e));
                } else if (settings.flush() instanceof StorageSettings.Flush.EveryBatch) {
                    for (var p : logs) {
                        writing = p;
                        p.force();
                    }
                }
            } catch (IOException e) {
                rollback(logs, undo);
                throw failure(writing, e);
            }
            if (!groupCommit) {
                for (var p : logs) {
                    p.publishLocked();
                }
            }
        } finally {
            for (int i = logs.size() - 1; i >= 0; i--) {
                logs.get(i).unlock();
            }
        }
        for (var p : logs) {
            if (p.bytes() > settings.retentionMaxBytes()) {
                try {
                    removed.add(p.retain(settings.retentionMaxBytes(), Long.MIN_VALUE));
                } catch (IOException e) {
                    LOG.error("storage: retention of {} failed", p.key(), e);
                }
            }
        }
        return new Appending(offsets, durable);
    }

    private static void rollback(List<DiskPartition> logs, List<DiskPartition.Undo> undo) {
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                logs.get(i).rollbackLocked(undo.get(i));
            } catch (IOException e) {
                // Recovery will cut it: the batch was never published, and a torn tail is cut.
                LOG.error("storage: cannot take back a failed write to {}", logs.get(i).key(), e);
            }
        }
    }

    /** A full disk is the producer's 507; anything else is the server's fault. */
    private RuntimeException failure(DiskPartition where, IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        String at = where == null ? "" : " (writing " + where.key() + ")";
        if (message.contains("no space left") || message.contains("quota")) {
            return new StorageFull(
                    "storage full: the disk of data_dir "
                            + settings.dataDir()
                            + " has no room left"
                            + at
                            + "; nothing of the request was stored. Free disk space, or lower"
                            + " storage.retention.max_bytes / max_age",
                    e);
        }
        return new UncheckedIOException("cannot write to data_dir " + root + at, e);
    }

    private DiskPartition partition(TopicPartition key) {
        var existing = partitions.get(key);
        if (existing != null) {
            return existing;
        }
        return partitions.computeIfAbsent(
                key,
                k -> {
                    try {
                        return DiskPartition.create(
                                k, root.resolve(PartitionDirName.of(k)), settings.segmentBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create " + k + " in " + root, e);
                    }
                });
    }

    /**
     * {@inheritDoc}
     *
     * <p>In this order, each step durable before the next: every partition forced (so each one's
     * last batch is whole on disk now), a pending {@link Tombstone} written, the topic's
     * directories removed, the tombstone marked done. A restart after a crash at any step either
     * finds the topic whole (no tombstone yet) or finishes the deletion.
     *
     * @throws UncheckedIOException if a file cannot be written or removed; the restart finishes
     *     what the tombstone started
     */
    @Override
    public int delete(String topic) {
        boolean interrupted = Thread.interrupted(); // as in append: keep the channels open
        structure.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the disk log is closed");
            }
            return deleteAlone(topic);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot delete topic '"
                            + topic
                            + "' in "
                            + root
                            + ": "
                            + e.getMessage()
                            + "; a restart finishes the deletion",
                    e);
        } finally {
            structure.writeLock().unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int deleteAlone(String topic) throws IOException {
        var doomed =
                partitions.values().stream().filter(p -> p.key().topic().equals(topic)).toList();
        if (doomed.isEmpty()) {
            return 0;
        }
        var marks = new HashMap<TopicPartition, Long>();
        for (var p : partitions.values()) {
            if (p.key().topic().equals(topic)) {
                continue;
            }
            if (p.dirty()) {
                p.force();
            }
            long end = p.offsets().highWatermark();
            if (end > 0) {
                marks.put(p.key(), end);
            }
        }
        var pending =
                Tombstone.load(root, topic)
                        .map(t -> t.plus(marks))
                        .orElseGet(() -> new Tombstone(topic, false, marks));
        pending = new Tombstone(topic, true, pending.wholeBefore());
        pending.save(root);
        for (var p : doomed) {
            partitions.remove(p.key());
            p.delete();
        }
        syncDirectory(root);
        // Other tombstones' marks for the partitions just removed are about batches now gone.
        for (var other : Tombstone.loadAll(root).values()) {
            if (!other.topic().equals(topic)) {
                var kept = other.retain((tp, end) -> !tp.topic().equals(topic));
                if (!kept.equals(other)) {
                    kept.save(root);
                }
            }
        }
        pending.done().save(root);
        LOG.info("storage: topic '{}' deleted ({} partitions)", topic, doomed.size());
        return doomed.size();
    }

    @Override
    public Optional<Slice> read(
            String topic, int partition, long offset, int maxRecords, long maxBytes) {
        var p = partitions.get(new TopicPartition(topic, partition));
        if (p == null) {
            return Optional.empty();
        }
        boolean interrupted = Thread.interrupted(); // as in append: keep the channels open
        try {
            return Optional.of(p.read(offset, maxRecords, maxBytes));
        } catch (UncheckedIOException e) {
            if (p.deleted()) {
                return Optional.empty(); // the topic was deleted under the reader
            }
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Optional<Offsets> offsets(String topic, int partition) {
        var p = partitions.get(new TopicPartition(topic, partition));
        return p == null ? Optional.empty() : Optional.of(p.offsets());
    }

    @Override
    public Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    @Override
    public long size() {
        return partitions.values().stream().mapToLong(DiskPartition::records).sum();
    }

    @Override
    public long bytes() {
        return partitions.values().stream().mapToLong(DiskPartition::bytes).sum();
    }

    @Override
    public long maxBytes() {
        return settings.retentionMaxBytes();
    }

    @Override
    public long removed() {
        return removed.sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintenance.shutdownNow();
        for (var p : partitions.values()) {
            try {
                p.close();
            } catch (IOException e) {
                LOG.error("storage: cannot close {} cleanly", p.key(), e);
            }
        }
        flushers.shutdown();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("storage: cannot release {}", root.resolve(".lock"), e);
        }
    }

    /** Makes a new directory entry durable (a new segment or partition survives a power loss). */
    static void syncDirectory(Path dir) {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the files themselves are still forced.
        }
    }
}
