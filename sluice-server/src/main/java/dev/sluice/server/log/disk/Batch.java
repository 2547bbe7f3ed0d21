package dev.sluice.server.log.disk;

import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import dev.sluice.server.log.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one append to one partition: the records a request stored there, with one
 * CRC32C over all of it. A batch is the unit of recovery: it is on disk whole or cut off whole.
 *
 * <pre>
 * int32  size          bytes after this field
 * int32  crc           CRC32C of the bytes after this field
 * int8   magic         1
 * int64  baseOffset    the first record's offset
 * int32  count         records in the batch
 * int32  parts         0, or the number of partitions the request wrote to (this one included)
 *   parts × { string topic, int32 partition, int64 baseOffset }   where the request's other
 *                                                                  batches start
 * count × {
 *   int64  timestamp
 *   bytes  key         length -1 for a null key
 *   bytes  value
 *   int32  headers
 *   headers × { string key, bytes value }
 * }
 * string: int32 length + UTF-8; bytes: int32 length + bytes; all big-endian
 * </pre>
 *
 * <p>A record's topic and partition are those of the directory the batch is in, so they are not
 * repeated per record.
 *
 * @param parts empty unless the request wrote to more than one partition: then recovery keeps this
 *     batch only if every other part is on disk too
 */
record Batch(long baseOffset, int count, List<Part> parts) {

    static final byte MAGIC = 1;

    /** size, crc, magic, base offset, count, parts: what a scan needs to step over a batch. */
    static final int HEADER = 4 + 4 + 1 + 8 + 4 + 4;

    /** The smallest batch: a header and one record with an empty value and no key or headers. */
    static final int MIN_SIZE = HEADER + 8 + 4 + 4 + 4;

    /** Where one of a request's batches starts. */
    record Part(TopicPartition partition, long baseOffset) {}

    long nextOffset() {
        return baseOffset + count;
    }

    /** The batch for these records of one partition, ready to write. */
    static ByteBuffer encode(long baseOffset, List<Record> records, List<Part> parts) {
        int size = HEADER;
        var partTopics = new byte[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            partTopics[i] = utf8(parts.get(i).partition().topic());
            size += 4 + partTopics[i].length + 4 + 8;
        }
        var headerKeys = new ArrayList<byte[]>();
        for (var r : records) {
            size += 8 + 4 + (r.key() == null ? 0 : r.key().length()) + 4 + r.value().length() + 4;
            for (var h : r.headers()) {
                byte[] key = utf8(h.key());
                headerKeys.add(key);
                size += 4 + key.length + 4 + h.value().length();
            }
        }
        var out = ByteBuffer.allocate(size);
        out.putInt(size - 4).putInt(0).put(MAGIC).putLong(baseOffset).putInt(records.size());
        out.putInt(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            out.putInt(partTopics[i].length).put(partTopics[i]);
            out.putInt(parts.get(i).partition().partition()).putLong(parts.get(i).baseOffset());
        }
        int nextKey = 0;
        for (var r : records) {
            out.putLong(r.timestamp());
            if (r.key() == null) {
                out.putInt(-1);
            } else {
                putBytes(out, r.key());
            }
            putBytes(out, r.value());
            out.putInt(r.headers().size());
            for (var h : r.headers()) {
                byte[] key = headerKeys.get(nextKey++);
                out.putInt(key.length).put(key);
                putBytes(out, h.value());
            }
        }
        out.putInt(4, crc(out.array(), 8, size - 8));
        return out.flip();
    }

    /**
     * Reads the header of a whole batch (its size field included) after checking its CRC.
     *
     * @throws Corrupt if the CRC or the structure is wrong
     */
    static Batch header(ByteBuffer whole) throws Corrupt {
        check(whole);
        return readHeader(whole.duplicate().position(whole.position() + 8));
    }

    /** The records of a whole batch (CRC checked), those from offset {@code from} on. */
    static List<Record> records(ByteBuffer whole, TopicPartition where, long from) throws Corrupt {
        check(whole);
        var in = whole.duplicate().position(whole.position() + 8);
        try {
            var batch = readHeader(in);
            var out = new ArrayList<Record>(batch.count());
            for (int i = 0; i < batch.count(); i++) {
                long timestamp = in.getLong();
                int keyLength = in.getInt();
                Bytes key = keyLength < 0 ? null : bytes(in, keyLength);
                Bytes value = bytes(in, in.getInt());
                int headers = in.getInt();
                var hs = new ArrayList<Header>(Math.min(headers, 64));
                for (int h = 0; h < headers; h++) {
                    String hkey = string(in);
                    hs.add(new Header(hkey, bytes(in, in.getInt())));
                }
                if (batch.baseOffset() + i >= from) {
                    out.add(
                            new Record(
                                    where.topic(), where.partition(), key, value, hs, timestamp));
                }
            }
            return out;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Corrupt("records do not fit the batch (" + e + ")");
        }
    }

    private static Batch readHeader(ByteBuffer in) throws Corrupt {
        try {
            byte magic = in.get();
            if (magic != MAGIC) {
                throw new Corrupt("unknown batch format " + magic);
            }
            long base = in.getLong();
            int count = in.getInt();
            int n = in.getInt();
            if (count <= 0 || n < 0 || n > in.remaining()) {
                throw new Corrupt("bad header (" + count + " records, " + n + " parts)");
            }
            var parts = new ArrayList<Part>(n);
            for (int i = 0; i < n; i++) {
                String topic = string(in);
                parts.add(new Part(new TopicPartition(topic, in.getInt()), in.getLong()));
            }
            return new Batch(base, count, parts);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new Corrupt("header does not fit the batch (" + e + ")");
        }
    }

    private static void check(ByteBuffer whole) throws Corrupt {
        int size = whole.getInt(whole.position());
        if (size + 4 != whole.remaining()) {
            throw new Corrupt("size field " + size + " but " + (whole.remaining() - 4) + " bytes");
        }
        int stored = whole.getInt(whole.position() + 4);
        var crc = new CRC32C();
        crc.update(whole.duplicate().position(whole.position() + 8));
        if ((int) crc.getValue() != stored) {
            throw new Corrupt("CRC mismatch");
        }
    }

    private static int crc(byte[] bytes, int from, int length) {
        var crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    private static void putBytes(ByteBuffer out, Bytes bytes) {
        out.putInt(bytes.length()).put(bytes.asReadOnlyBuffer());
    }

    private static Bytes bytes(ByteBuffer in, int length) throws Corrupt {
        if (length < 0 || length > in.remaining()) {
            throw new Corrupt("a length of " + length + " runs past the batch");
        }
        if (length == 0) {
            return Bytes.EMPTY;
        }
        byte[] b = new byte[length];
        in.get(b);
        return Bytes.wrap(b);
    }

    private static String string(ByteBuffer in) throws Corrupt {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new Corrupt("a length of " + length + " runs past the batch");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes that are not a whole, intact batch. */
    static final class Corrupt extends Exception {
        Corrupt(String message) {
            super(message, null, false, false);
        }
    }
}
