package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.config.StorageSettings.Flush;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Committed offsets in one append-only file, {@code data_dir/groups/offsets.log}, of {@link
 * OffsetRecord}s with CRCs; the latest record for a partition wins. This is how Kafka keeps them
 * too (a compacted log), and it lets a commit be answered exactly when it is on disk: one writer
 * thread takes every commit waiting, writes them with one call and forces the file once for all of
 * them (group commit), then answers them. Network threads never wait for the disk.
 *
 * <p>At startup the file is read whole into memory; a torn or damaged tail (a crash in the middle
 * of a write) is cut off and reported. When the file has grown to several times what is live, the
 * writer rewrites it from memory into a new file and renames it over the old one, so the file stays
 * bounded by the number of partitions groups committed for, not by how often they commit.
 */
public final class OffsetLog implements OffsetStore {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetLog.class);

    static final String FILE = "offsets.log";

    /** The file is not rewritten while smaller than this, however little of it is live. */
    static final long MIN_COMPACT_BYTES = 4L << 20;

    private static final int MAX_DRAIN = 1024;

    private record Pending(OffsetRecord record, CompletableFuture<Void> done) {}

    private final Path file;
    private final Flush flush;
    private final long minCompactBytes;
    private final OffsetTable table = new OffsetTable();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private FileChannel channel;
    private FileLock lock;
    private long size;
    private long liveSize;
    private volatile boolean closed;
    private volatile IOException broken;

    private OffsetLog(Path file, Flush flush, long minCompactBytes) {
        this.file = file;
        this.flush = flush;
        this.minCompactBytes = minCompactBytes;
        this.writer = new Thread(this::run, "sluice-offsets-writer");
        writer.setDaemon(true);
    }

    /**
     * Opens (or creates) {@code directory/offsets.log}, reads what it holds and starts its writer.
     *
     * @throws IOException naming the file when it cannot be read, written or locked
     */
    public static OffsetLog open(Path directory, Flush flush) throws IOException {
        return open(directory, flush, MIN_COMPACT_BYTES);
    }

    static OffsetLog open(Path directory, Flush flush, long minCompactBytes) throws IOException {
        Files.createDirectories(directory);
        var log = new OffsetLog(directory.resolve(FILE), flush, minCompactBytes);
        log.recover();
        log.writer.start();
        return log;
    }

    private void recover() throws IOException {
        Files.deleteIfExists(file.resolveSibling(FILE + ".tmp"));
        channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM: another server in the same process
        }
        if (lock == null) {
            channel.close();
            throw new IOException(
                    file
                            + " is locked by another process (is another server using this data_dir?)");
        }
        long length = channel.size();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException(file + " is larger than 2 GiB; it is not an offsets file");
        }
        var buf = ByteBuffer.allocate((int) length);
        while (buf.hasRemaining() && channel.read(buf, buf.position()) >= 0) {}
        buf.flip();
        int records = 0;
        while (buf.hasRemaining()) {
            var next = OffsetRecord.decode(buf);
            if (next.isEmpty()) {
                break;
            }
            table.apply(next.get().group(), next.get().offsets());
            records++;
        }
        size = buf.position();
        if (size < length) {
            LOG.warn(
                    "groups: {} ends in {} bytes that are not a whole commit (torn by a crash or"
                            + " damaged); cut off at byte {}, the {} commits before it are kept",
                    file,
                    length - size,
                    size,
                    records);
            channel.truncate(size);
            channel.force(true);
        }
        channel.position(size);
        liveSize = size;
        LOG.info(
                "groups: {} committed offsets of {} groups read from {}",
                table.size(),
                table.groups().size(),
                file);
    }

    @Override
    public CompletableFuture<Void> commit(String group, List<PartitionOffset> offsets) {
        var done = new CompletableFuture<Void>();
        if (closed) {
            done.completeExceptionally(new IOException(file + " is closed (server stopping)"));
        } else if (broken != null) {
            done.completeExceptionally(broken);
        } else {
            queue.add(new Pending(new OffsetRecord(group, List.copyOf(offsets)), done));
        }
        return done;
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String group) {
        return table.offsets(group);
    }

    @Override
    public Set<String> groups() {
        return table.groups();
    }

    private void run() {
        var batch = new ArrayList<Pending>();
        long pollMs = flush instanceof Flush.Interval i ? i.every().toMillis() : 1000;
        boolean dirty = false;
        long lastForce = System.nanoTime();
        while (!closed || !queue.isEmpty()) {
            try {
                var first = queue.poll(pollMs, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_DRAIN);
                    write(batch);
                    dirty = true;
                }
                boolean due =
                        flush instanceof Flush.EveryBatch
                                || System.nanoTime() - lastForce >= pollMs * 1_000_000;
                if (dirty && due) {
                    channel.force(false);
                    dirty = false;
                    lastForce = System.nanoTime();
                }
                answer(batch, null);
                maybeCompact();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            } catch (IOException | RuntimeException e) {
                LOG.error(
                        "groups: cannot write committed offsets to {}; commits fail until the"
                                + " server is restarted",
                        file,
                        e);
                broken = e instanceof IOException io ? io : new IOException(e);
                answer(batch, broken);
                failWaiting();
                return;
            }
        }
        failWaiting();
    }

    private void write(List<Pending> batch) throws IOException {
        var buffers = new ByteBuffer[batch.size()];
        long bytes = 0;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = batch.get(i).record().encode();
            bytes += buffers[i].remaining();
        }
        long written = 0;
        while (written < bytes) {
            written += channel.write(buffers);
        }
        size += bytes;
    }

    /** Applies a written batch to the table (so it becomes visible) and answers its commits. */
    private void answer(List<Pending> batch, IOException failure) {
        for (var p : batch) {
            if (failure == null) {
                table.apply(p.record().group(), p.record().offsets());
                p.done().complete(null);
            } else {
                p.done().completeExceptionally(failure);
            }
        }
        batch.clear();
    }

    private void failWaiting() {
        var left = new ArrayList<Pending>();
        queue.drainTo(left);
        answer(
                left,
                broken != null ? broken : new IOException(file + " is closed (server stopping)"));
    }

    /** Rewrites the file from the table when most of it is superseded commits. */
    private void maybeCompact() throws IOException {
        if (size < Math.max(minCompactBytes, 4 * liveSize)) {
            return;
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        long written = 0;
        try (var out =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            for (String group : table.groups()) {
                var offsets = new ArrayList<PartitionOffset>();
                table.offsets(group).forEach((tp, c) -> offsets.add(new PartitionOffset(tp, c)));
                var buf = new OffsetRecord(group, offsets).encode();
                while (buf.hasRemaining()) {
                    written += out.write(buf);
                }
            }
            out.force(true);
        }
        lock.release();
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        lock = channel.tryLock();
        channel.position(written);
        LOG.info("groups: {} rewritten, {} bytes down to {}", file, size, written);
        size = written;
        liveSize = written;
    }

    private static void syncDirectory(Path dir) {
        try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself was forced.
        }
    }

    /** Answers what is queued, forces the file and releases it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.join(10_000);
            failWaiting(); // a commit that raced the close is answered, not left waiting
            if (broken == null) {
                channel.force(true);
            }
            lock.release();
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
