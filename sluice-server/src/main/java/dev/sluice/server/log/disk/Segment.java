package dev.sluice.server.log.disk;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One segment of a partition: {@code <base offset>.log}, batches back to back, and {@code <base
 * offset>.index}, a sparse index of (offset − base, byte position) pairs, one per {@link
 * #INDEX_INTERVAL} bytes of batches, so a read finds its place with a binary search over the file
 * instead of an index held on the heap.
 *
 * <p>Writes are made under the partition's lock; reads are positional and need no lock (they stop
 * at a size the partition has published, below which bytes never change).
 */
final class Segment implements AutoCloseable {

    /** Bytes of batches between two index entries. */
    static final int INDEX_INTERVAL = 4096;

    private static final int ENTRY = 8;

    private final long baseOffset;
    private final Path logFile;
    private final Path indexFile;
    private final FileChannel log;
    private final FileChannel index;
    private volatile int size;
    private volatile int indexEntries;
    private int sinceIndexEntry;

    private Segment(long baseOffset, Path logFile, Path indexFile) throws IOException {
        this.baseOffset = baseOffset;
        this.logFile = logFile;
        this.indexFile = indexFile;
        this.log =
                FileChannel.open(
                        logFile,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        this.index =
                FileChannel.open(
                        indexFile,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        this.size = (int) Math.min(Integer.MAX_VALUE, log.size());
        this.indexEntries = (int) (index.size() / ENTRY);
    }

    /** Opens (or creates) the segment of {@code dir} that starts at {@code baseOffset}. */
    static Segment open(Path dir, long baseOffset) throws IOException {
        String name = fileName(baseOffset);
        return new Segment(baseOffset, dir.resolve(name + ".log"), dir.resolve(name + ".index"));
    }

    static String fileName(long baseOffset) {
        return String.format(Locale.ROOT, "%020d", baseOffset);
    }

    long baseOffset() {
        return baseOffset;
    }

    Path file() {
        return logFile;
    }

    int size() {
        return size;
    }

    /** Where a rollback returns to. */
    record Mark(int size, int indexEntries, int sinceIndexEntry) {}

    Mark mark() {
        return new Mark(size, indexEntries, sinceIndexEntry);
    }

    /** Writes a batch at the end; the caller holds the partition's lock. */
    void append(ByteBuffer batch, long batchBaseOffset) throws IOException {
        int length = batch.remaining();
        if (indexEntries == 0 || sinceIndexEntry >= INDEX_INTERVAL) {
            writeIndexEntry(batchBaseOffset, size);
        }
        writeFully(log, batch, size);
        sinceIndexEntry += length;
        size += length;
    }

    /** Cuts the segment back to a mark (a failed append, or a torn tail found by recovery). */
    void truncate(Mark mark) throws IOException {
        log.truncate(mark.size());
        index.truncate((long) mark.indexEntries() * ENTRY);
        size = mark.size();
        indexEntries = mark.indexEntries();
        sinceIndexEntry = mark.sinceIndexEntry();
    }

    void force() throws IOException {
        log.force(false);
    }

    /** Forces the index too: done when the segment is closed for writing (rolled). */
    void forceAll() throws IOException {
        log.force(false);
        index.force(false);
    }

    /**
     * The byte position of the last batch that starts at or before {@code offset} according to the
     * index (0 when the index knows none): a read scans forward from there.
     */
    int positionFor(long offset) throws IOException {
        int lo = 0;
        int hi = indexEntries - 1;
        int found = 0;
        var entry = ByteBuffer.allocate(ENTRY);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            entry.clear();
            readFully(index, entry, (long) mid * ENTRY);
            long entryOffset = baseOffset + entry.getInt(0);
            if (entryOffset <= offset) {
                found = entry.getInt(4);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * The whole batch at {@code position} (its size field included), or null when there is none
     * below {@code limit}.
     *
     * @throws Batch.Corrupt if the bytes there cannot be a batch
     */
    ByteBuffer batchAt(int position, int limit) throws IOException, Batch.Corrupt {
        if (position + 4 > limit) {
            return null;
        }
        var sizeField = ByteBuffer.allocate(4);
        readFully(log, sizeField, position);
        int batchSize = sizeField.getInt(0);
        if (batchSize < Batch.MIN_SIZE - 4 || (long) position + 4 + batchSize > limit) {
            throw new Batch.Corrupt(
                    "a batch of "
                            + batchSize
                            + " bytes at byte "
                            + position
                            + " does not fit in the "
                            + limit
                            + " bytes of the segment");
        }
        var whole = ByteBuffer.allocate(4 + batchSize);
        readFully(log, whole, position);
        return whole.flip();
    }

    /**
     * What recovery found in this segment: every intact batch from the start, the index rebuilt for
     * them, and the first byte that is not part of one.
     */
    record Scan(
            long nextOffset, int validBytes, int lastBatchPosition, Batch lastBatch, String cut) {}

    /**
     * Checks every batch from the start (size, CRC, offsets following on), rebuilds the index, and
     * stops at the first that is not intact; does not cut anything itself.
     */
    Scan scan() throws IOException {
        index.truncate(0);
        indexEntries = 0;
        sinceIndexEntry = 0;
        int fileSize = (int) Math.min(Integer.MAX_VALUE, log.size());
        int position = 0;
        long next = baseOffset;
        int lastPosition = -1;
        Batch last = null;
        String cut = null;
        while (position < fileSize) {
            try {
                var whole = batchAt(position, fileSize);
                var batch = Batch.header(whole);
                if (batch.baseOffset() != next) {
                    throw new Batch.Corrupt(
                            "batch says offset " + batch.baseOffset() + ", expected " + next);
                }
                if (indexEntries == 0 || sinceIndexEntry >= INDEX_INTERVAL) {
                    writeIndexEntry(next, position);
                }
                sinceIndexEntry += whole.remaining();
                lastPosition = position;
                last = batch;
                next = batch.nextOffset();
                position += whole.remaining();
            } catch (Batch.Corrupt e) {
                cut = e.getMessage();
                break;
            }
        }
        size = position;
        return new Scan(next, position, lastPosition, last, cut);
    }

    /** The index and size for a truncation at {@code position} found by {@link #scan()}. */
    Mark markAt(int position) throws IOException {
        // Entries at or past the cut point go; the rest stay valid.
        int keep = 0;
        var entry = ByteBuffer.allocate(ENTRY);
        for (int i = 0; i < indexEntries; i++) {
            entry.clear();
            readFully(index, entry, (long) i * ENTRY);
            if (entry.getInt(4) >= position) {
                break;
            }
            keep = i + 1;
        }
        // Conservative: the next append after a cut writes an index entry soon.
        return new Mark(position, keep, INDEX_INTERVAL);
    }

    /** Whether the index file is consistent with the log (else recovery rebuilds it). */
    boolean indexLooksSound() throws IOException {
        if (index.size() % ENTRY != 0 || (indexEntries == 0 && size > 0)) {
            return false;
        }
        if (indexEntries == 0) {
            return true;
        }
        var entry = ByteBuffer.allocate(ENTRY);
        readFully(index, entry, (long) (indexEntries - 1) * ENTRY);
        return entry.getInt(4) < size && entry.getInt(0) >= 0;
    }

    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(logFile).toMillis();
    }

    @Override
    public void close() throws IOException {
        try (log;
                index) {
            // both channels closed, the second even if the first fails
        }
    }

    /** Closes and removes both files. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(indexFile);
    }

    private void writeIndexEntry(long offset, int position) throws IOException {
        var entry = ByteBuffer.allocate(ENTRY);
        entry.putInt((int) (offset - baseOffset)).putInt(position).flip();
        writeFully(index, entry, (long) indexEntries * ENTRY);
        indexEntries++;
        sinceIndexEntry = 0;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException(
                        "unexpected end of file at byte "
                                + at
                                + " ("
                                + buffer.remaining()
                                + " short)");
            }
            at += n;
        }
    }
}
