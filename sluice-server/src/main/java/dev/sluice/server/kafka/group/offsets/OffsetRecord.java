package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.log.TopicPartition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * One commit request's offsets of one group, as written to the offsets file:
 *
 * <pre>
 * int32  length        bytes after the crc field
 * int32  crc           CRC32C of those bytes
 * int8   version       1
 * string group
 * int32  count
 * count × { string topic, int32 partition, int64 offset, int32 leaderEpoch,
 *           string metadata (length -1: none), int64 commitTimestamp }
 * </pre>
 *
 * Strings are an int32 byte length and UTF-8. A record is the unit of recovery: on disk whole, or
 * cut off whole.
 */
record OffsetRecord(String group, List<PartitionOffset> offsets) {

    static final int HEADER = 8;

    /** Larger than any commit a client sends; a length beyond it is damage, not a record. */
    static final int MAX_BODY = 64 << 20;

    private static final byte VERSION = 1;

    ByteBuffer encode() {
        byte[] groupBytes = utf8(group);
        int size = 1 + 4 + groupBytes.length + 4;
        var topics = new ArrayList<byte[]>(offsets.size());
        var metas = new ArrayList<byte[]>(offsets.size());
        for (var o : offsets) {
            byte[] t = utf8(o.partition().topic());
            byte[] m = o.committed().metadata() == null ? null : utf8(o.committed().metadata());
            topics.add(t);
            metas.add(m);
            size += 4 + t.length + 4 + 8 + 4 + 4 + (m == null ? 0 : m.length) + 8;
        }
        var buf = ByteBuffer.allocate(HEADER + size);
        buf.putInt(size).putInt(0).put(VERSION);
        buf.putInt(groupBytes.length).put(groupBytes).putInt(offsets.size());
        for (int i = 0; i < offsets.size(); i++) {
            var o = offsets.get(i);
            var c = o.committed();
            buf.putInt(topics.get(i).length).put(topics.get(i));
            buf.putInt(o.partition().partition()).putLong(c.offset()).putInt(c.leaderEpoch());
            byte[] m = metas.get(i);
            if (m == null) {
                buf.putInt(-1);
            } else {
                buf.putInt(m.length).put(m);
            }
            buf.putLong(c.commitTimestamp());
        }
        buf.putInt(4, crc(buf.array(), HEADER, size));
        return buf.flip();
    }

    /**
     * Reads the record at {@code buf}'s position and moves past it.
     *
     * @return empty, position unchanged, when what is there is not a whole record with a matching
     *     CRC (a torn or damaged tail)
     */
    static Optional<OffsetRecord> decode(ByteBuffer buf) {
        int start = buf.position();
        if (buf.remaining() < HEADER) {
            return Optional.empty();
        }
        int size = buf.getInt(start);
        int crc = buf.getInt(start + 4);
        if (size < 1 || size > MAX_BODY || buf.remaining() - HEADER < size) {
            return Optional.empty();
        }
        if (crc(buf.array(), buf.arrayOffset() + start + HEADER, size) != crc) {
            return Optional.empty();
        }
        var body = buf.slice(start + HEADER, size);
        try {
            if (body.get() != VERSION) {
                return Optional.empty();
            }
            String group = string(body);
            int count = body.getInt();
            if (count < 0 || count > size) {
                return Optional.empty();
            }
            var offsets = new ArrayList<PartitionOffset>(count);
            for (int i = 0; i < count; i++) {
                String topic = string(body);
                int partition = body.getInt();
                long offset = body.getLong();
                int epoch = body.getInt();
                String metadata = string(body);
                long at = body.getLong();
                offsets.add(
                        new PartitionOffset(
                                new TopicPartition(topic, partition),
                                new CommittedOffset(offset, epoch, metadata, at)));
            }
            buf.position(start + HEADER + size);
            return Optional.of(new OffsetRecord(group, List.copyOf(offsets)));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer body) {
        int len = body.getInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > body.remaining()) {
            throw new IllegalArgumentException("bad string length " + len);
        }
        byte[] b = new byte[len];
        body.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int crc(byte[] bytes, int from, int length) {
        var crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }
}
