package dev.sluice.server.log.disk;

import dev.sluice.record.Record;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.log.Slice;
import dev.sluice.server.log.StoredEntry;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One partition on disk: a directory of segments, the last one written to. Appends hold the lock
 * (taken by {@link DiskLog} together with the other partitions of the request); readers take no
 * lock, and see a batch only once {@link #publish()} has made it visible, so a request's batches in
 * several partitions appear together.
 */
final class DiskPartition implements AutoCloseable {

    private final TopicPartition key;
    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

    /** What readers may see: the end of the last published batch. */
    private volatile End visible;

    /** Where the next batch goes (ahead of {@link #visible} while a request is being written). */
    private long nextOffset;

    private volatile long bytes;
    private volatile boolean dirty;

    /** Set, under the lock, once {@link #delete()} removed the files; nothing is done after. */
    private volatile boolean deleted;

    /**
     * Batches written by {@link #awaitForceLocked} and not yet forced, oldest first; guarded by the
     * lock. One flush covers all of them: a group commit.
     */
    private final List<Waiter> pending = new ArrayList<>();

    /** Whether a group commit is running or scheduled; guarded by the lock. */
    private boolean flushing;

    /** A batch waiting for the force that makes it durable, then visible. */
    private record Waiter(
            Undo undo,
            End end,
            CompletableFuture<Void> durable,
            Function<IOException, RuntimeException> failure) {}

    /** The last batch of the segment being written, while recovery still needs to know it. */
    private Segment.Scan recovered;

    private record End(Segment segment, int position, long offset) {}

    private DiskPartition(TopicPartition key, Path dir, long segmentBytes) {
        this.key = key;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** A new, empty partition. */
    static DiskPartition create(TopicPartition key, Path dir, long segmentBytes)
            throws IOException {
        Files.createDirectories(dir);
        DiskLog.syncDirectory(dir.getParent());
        var p = new DiskPartition(key, dir, segmentBytes);
        var first = Segment.open(dir, 0);
        p.segments.put(0L, first);
        p.nextOffset = 0;
        p.visible = new End(first, 0, 0);
        return p;
    }

    /**
     * Opens an existing partition: closed segments are trusted (their index checked and rebuilt if
     * unsound), the last one is scanned batch by batch and cut after the last intact batch.
     */
    static DiskPartition recover(TopicPartition key, Path dir, long segmentBytes, Reporter report)
            throws IOException {
        var p = new DiskPartition(key, dir, segmentBytes);
        List<Long> bases;
        try (Stream<Path> files = Files.list(dir)) {
            bases =
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".log"))
                            .map(n -> Long.parseLong(n.substring(0, n.length() - 4)))
                            .sorted()
                            .toList();
        } catch (NumberFormatException e) {
            throw new IOException("a segment file in " + dir + " is not named <offset>.log", e);
        }
        if (bases.isEmpty()) {
            bases = List.of(0L);
        }
        for (long base : bases) {
            p.segments.put(base, Segment.open(dir, base));
        }
        var last = p.segments.lastEntry().getValue();
        for (var s : p.segments.headMap(last.baseOffset()).values()) {
            if (!s.indexLooksSound()) {
                s.scan();
            }
        }
        var scan = last.scan();
        if (scan.cut() != null) {
            long fileSize = Files.size(last.file());
            last.truncate(last.markAt(scan.validBytes()));
            report.cut(
                    key,
                    last.file(),
                    scan.validBytes(),
                    scan.nextOffset(),
                    fileSize - scan.validBytes(),
                    scan.cut());
        }
        p.recovered = scan;
        p.nextOffset = scan.nextOffset();
        p.visible = new End(last, last.size(), p.nextOffset);
        p.bytes = p.segments.values().stream().mapToLong(Segment::size).sum();
        return p;
    }

    /** Says what recovery cut. */
    interface Reporter {
        void cut(
                TopicPartition partition,
                Path file,
                long position,
                long offset,
                long bytes,
                String why);
    }

    TopicPartition key() {
        return key;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** The offset the next appended record gets; the caller holds the lock. */
    long nextOffsetLocked() {
        return nextOffset;
    }

    /** Where a rollback of the current request returns to. */
    record Undo(Segment segment, Segment.Mark mark, long nextOffset, boolean rolled) {}

    /**
     * Writes a batch of these records (rolling to a new segment first when the current one is full)
     * without making it visible; the caller holds the lock.
     */
    Undo writeLocked(List<Record> records, List<Batch.Part> parts) throws IOException {
        var current = segments.lastEntry().getValue();
        var batch = Batch.encode(nextOffset, records, parts);
        boolean rolled = false;
        if (current.size() > 0 && current.size() + (long) batch.remaining() > segmentBytes) {
            current.forceAll();
            current = Segment.open(dir, nextOffset);
            DiskLog.syncDirectory(dir);
            segments.put(nextOffset, current);
            rolled = true;
        }
        var undo = new Undo(current, current.mark(), nextOffset, rolled);
        int length = batch.remaining();
        current.append(batch, nextOffset);
        nextOffset += records.size();
        bytes += length;
        dirty = true;
        return undo;
    }

    /** Takes back a batch written by {@link #writeLocked} that was never published. */
    void rollbackLocked(Undo undo) throws IOException {
        bytes -= undo.segment().size() - undo.mark().size();
        undo.segment().truncate(undo.mark());
        nextOffset = undo.nextOffset();
        if (undo.rolled()) {
            segments.remove(undo.segment().baseOffset());
            undo.segment().delete();
        }
    }

    /**
     * Makes everything written so far visible to readers; the caller holds the lock and has forced
     * it (or flushes by interval). Batches waiting for a group commit are then durable too.
     */
    void publishLocked() {
        var last = segments.lastEntry().getValue();
        visible = new End(last, last.size(), nextOffset);
    }

    /**
     * After {@link #writeLocked}: the batch becomes visible once a force covering it has run, and
     * the future completes then (or fails with {@code failure} of the force's error, the batch and
     * every one written after it taken back). Forces run on {@code flushers}, one at a time per
     * partition, each covering every batch that arrived while the one before ran: a producer's
     * pipelined requests, and several producers' requests, share one fsync, and none of them holds
     * the lock, or its connection, while it waits for the disk. The caller holds the lock.
     */
    CompletableFuture<Void> awaitForceLocked(
            Undo undo, Executor flushers, Function<IOException, RuntimeException> failure) {
        var last = segments.lastEntry().getValue();
        var waiter =
                new Waiter(
                        undo,
                        new End(last, last.size(), nextOffset),
                        new CompletableFuture<>(),
                        failure);
        pending.add(waiter);
        if (!flushing) {
            flushing = true;
            flushers.execute(this::groupCommit);
        }
        return waiter.durable();
    }

    /** Forces and publishes pending batches until none is left. */
    private void groupCommit() {
        while (true) {
            List<Waiter> batch;
            lock.lock();
            try {
                if (pending.isEmpty()) {
                    flushing = false;
                    return;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
            } finally {
                lock.unlock();
            }
            IOException failed = null;
            try {
                // Outside the lock: writers go on appending while the disk works. A segment rolled
                // meanwhile was forced whole when it was closed for writing.
                force();
            } catch (IOException e) {
                failed = e;
            }
            var done = new ArrayList<Waiter>();
            var takenBack = new ArrayList<Waiter>();
            lock.lock();
            try {
                if (failed == null) {
                    var end = batch.get(batch.size() - 1).end();
                    if (end.offset() > visible.offset()) {
                        visible = end;
                    }
                    done.addAll(batch);
                } else {
                    // What is not visible yet is taken back, newest first: this flush's batches
                    // and those written during it. A synchronous append that forced and published
                    // meanwhile made its predecessors durable; they stand.
                    var all = new ArrayList<>(batch);
                    all.addAll(pending);
                    pending.clear();
                    for (var w : all) {
                        (w.end().offset() > visible.offset() ? takenBack : done).add(w);
                    }
                    for (int i = takenBack.size() - 1; i >= 0; i--) {
                        try {
                            rollbackLocked(takenBack.get(i).undo());
                        } catch (IOException e) {
                            // Never published: recovery cuts a torn tail.
                            failed.addSuppressed(e);
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
            for (var w : done) {
                w.durable().complete(null);
            }
            for (var w : takenBack) {
                w.durable().completeExceptionally(w.failure().apply(failed));
            }
        }
    }

    /** Forces what was written to the disk (not just the page cache). */
    void force() throws IOException {
        if (deleted) {
            return;
        }
        dirty = false;
        segments.lastEntry().getValue().force();
    }

    boolean dirty() {
        return dirty;
    }

    /** The last batch recovery found, or null (once recovery is over, always null). */
    Segment.Scan recovered() {
        return recovered;
    }

    void recoveryDone() {
        recovered = null;
    }

    /**
     * Cuts the last batch found by recovery (its request is not whole on disk), rescans, and
     * returns the segment it was cut from.
     */
    Segment cutRecoveredBatch() throws IOException {
        var last = segments.lastEntry().getValue();
        last.truncate(last.markAt(recovered.lastBatchPosition()));
        var scan = last.scan();
        recovered = scan;
        nextOffset = scan.nextOffset();
        visible = new End(last, last.size(), nextOffset);
        bytes = segments.values().stream().mapToLong(Segment::size).sum();
        return last;
    }

    RecordLog.Offsets offsets() {
        var end = visible;
        return new RecordLog.Offsets(segments.firstKey(), end.offset());
    }

    long records() {
        var end = visible;
        return end.offset() - segments.firstKey();
    }

    long bytes() {
        return bytes;
    }

    Slice read(long offset, int maxRecords, long maxBytes) {
        // Retention may close a segment under a reader; it then starts again past the gap.
        for (int attempt = 0; ; attempt++) {
            try {
                return readOnce(offset, maxRecords, maxBytes);
            } catch (ClosedChannelException e) {
                if (attempt == 3) {
                    throw new UncheckedIOException("reading " + key + " raced retention", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + key + " in " + dir, e);
            }
        }
    }

    private Slice readOnce(long offset, int maxRecords, long maxBytes) throws IOException {
        var end = visible;
        long start = segments.firstKey();
        var out = new ArrayList<StoredEntry>();
        long from = Math.max(offset, start);
        if (from >= end.offset()) {
            return new Slice(out, start, end.offset());
        }
        Map.Entry<Long, Segment> entry = segments.floorEntry(from);
        long bytesOut = 0;
        while (entry != null && out.size() < maxRecords) {
            var segment = entry.getValue();
            boolean isEnd = segment == end.segment();
            int limit = isEnd ? end.position() : segment.size();
            int position = segment.positionFor(from);
            while (out.size() < maxRecords) {
                ByteBuffer whole;
                try {
                    whole = segment.batchAt(position, limit);
                    if (whole == null) {
                        break;
                    }
                    int length = whole.remaining();
                    long base = whole.getLong(whole.position() + 9);
                    int count = whole.getInt(whole.position() + 17);
                    position += length;
                    if (base + count <= from) {
                        continue;
                    }
                    long o = Math.max(base, from);
                    for (var r : Batch.records(whole, key, from)) {
                        bytesOut += r.sizeBytes();
                        if (out.size() == maxRecords || (!out.isEmpty() && bytesOut > maxBytes)) {
                            return new Slice(out, start, end.offset());
                        }
                        out.add(new StoredEntry(o++, r));
                    }
                    from = base + count;
                } catch (Batch.Corrupt e) {
                    throw new IOException(
                            "corrupt batch in "
                                    + segment.file()
                                    + " at byte "
                                    + position
                                    + ": "
                                    + e.getMessage());
                }
            }
            if (isEnd) {
                break;
            }
            entry = segments.higherEntry(entry.getKey());
        }
        return new Slice(out, start, end.offset());
    }

    /**
     * Deletes whole oldest segments while the partition holds more than {@code maxBytes} or the
     * oldest was last written before {@code notAfterMillis}; never the segment being written.
     * Returns the number of records removed.
     */
    long retain(long maxBytes, long notAfterMillis) throws IOException {
        lock.lock();
        try {
            long removed = 0;
            if (deleted) {
                return removed;
            }
            while (segments.size() > 1) {
                var oldest = segments.firstEntry().getValue();
                boolean tooBig = bytes > maxBytes;
                boolean tooOld =
                        notAfterMillis != Long.MIN_VALUE
                                && oldest.lastModifiedMillis() < notAfterMillis;
                if (!tooBig && !tooOld) {
                    break;
                }
                segments.remove(oldest.baseOffset());
                removed += segments.firstKey() - oldest.baseOffset();
                bytes -= oldest.size();
                oldest.delete();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #delete()} ran: a reader that raced it finds nothing. */
    boolean deleted() {
        return deleted;
    }

    /** Closes the segments and removes the partition's files and directory. */
    void delete() throws IOException {
        lock.lock();
        try {
            deleted = true;
            dirty = false;
            for (var s : segments.values()) {
                s.delete();
            }
            deleteDirectory(dir);
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code dir} with whatever is left in it (an index rebuilt, a stray file). */
    static void deleteDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (var f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            IOException failed = null;
            for (var s : segments.values()) {
                try {
                    s.forceAll();
                    s.close();
                } catch (IOException e) {
                    failed = e;
                }
            }
            // Forced whole (or not): a batch still waiting for its group commit is answered now.
            for (var w : pending) {
                if (failed == null) {
                    w.durable().complete(null);
                } else {
                    w.durable().completeExceptionally(w.failure().apply(failed));
                }
            }
            pending.clear();
            if (failed != null) {
                throw failed;
            }
        } finally {
            lock.unlock();
        }
    }
}
