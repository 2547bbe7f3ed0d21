package dev.sluice.internal.contract.ourchat;

import dev.sluice.component.engine.Memory;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.record.Record;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The context block a {@code (ctx_ptr, msg_ptr, msg_len)} hook receives: {@link #SIZE} bytes,
 * little-endian, followed in the same buffer by the topic and key bytes it points to. The layout is
 * documented for plugin authors in docs/ourchat-plugins.md ("The context block"); these constants
 * are its one definition on the host side.
 */
final class ContextBlock {

    static final int VERSION = 1;
    static final int SIZE = 48;

    /** u32 layout version ({@link #VERSION}). */
    static final int AT_VERSION = 0;

    /** u32 address of the topic bytes (patched once the block is placed). */
    static final int AT_TOPIC_PTR = 4;

    static final int AT_TOPIC_LEN = 8;
    static final int AT_PARTITION = 12;

    /** u32 1 when the record has a key, else 0. */
    static final int AT_HAS_KEY = 16;

    /** u32 address of the key bytes (patched once placed; 0 without a key). */
    static final int AT_KEY_PTR = 20;

    static final int AT_KEY_LEN = 24;

    /** u32, always 0. */
    static final int AT_RESERVED = 28;

    /** i64 stored offset in {@code on_message_sent}; -1 before storing. */
    static final int AT_OFFSET = 32;

    /** i64 milliseconds since the epoch. */
    static final int AT_TIMESTAMP = 40;

    private ContextBlock() {}

    /** The block with topic and key after it; the pointers are filled in by {@link #patch}. */
    static byte[] bytes(RecordBytes bytes, long offset) {
        Record record = bytes.record();
        byte[] topic = bytes.topic();
        byte[] key = bytes.key();
        int keyLen = key == null ? 0 : key.length;
        var buf = ByteBuffer.allocate(SIZE + topic.length + keyLen).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(AT_VERSION, VERSION)
                .putInt(AT_TOPIC_PTR, 0)
                .putInt(AT_TOPIC_LEN, topic.length)
                .putInt(AT_PARTITION, record.partition())
                .putInt(AT_HAS_KEY, key == null ? 0 : 1)
                .putInt(AT_KEY_PTR, 0)
                .putInt(AT_KEY_LEN, keyLen)
                .putInt(AT_RESERVED, 0)
                .putLong(AT_OFFSET, offset)
                .putLong(AT_TIMESTAMP, record.timestamp())
                .put(SIZE, topic);
        if (key != null) {
            buf.put(SIZE + topic.length, key);
        }
        return buf.array();
    }

    /** Points the block at {@code ctx} to the topic and key that follow it. */
    static void patch(Memory memory, int ctx, RecordBytes record) {
        memory.writeI32(ctx + AT_TOPIC_PTR, ctx + SIZE);
        if (record.key() != null) {
            memory.writeI32(ctx + AT_KEY_PTR, ctx + SIZE + record.topic().length);
        }
    }
}
