package dev.sluice.internal.contract.ourchat;

import dev.sluice.component.engine.Memory;
import dev.sluice.internal.contract.GuestMemory;
import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code on_message_send} call asked to change through {@code ourchat.set_message} and
 * {@code ourchat.set_header}, held until the call returns: only a call that succeeds and allows the
 * record applies it; one that blocks, traps or times out leaves the record as it was.
 *
 * <p>Bounds, so a plugin cannot make the host hold more than a record may weigh: the rewritten
 * record (topic, key, new message, its headers and the added ones) stays within the plugin's {@code
 * max_record_bytes}; one call adds at most {@link #MAX_HEADERS} headers of at most {@link
 * #MAX_HEADER_BYTES} bytes (keys and values) together. A call over a bound gets a negative code and
 * changes nothing; the plugin decides what to do about it. Each check comes before the guest's
 * bytes are read, so a refused call costs no copy.
 *
 * <p>The codes are part of the ABI (docs/ourchat-plugins.md, "Rewriting the message").
 */
final class MessageRewrite {

    static final int OK = 0;

    /** Called outside {@code on_message_send} (another hook, an event hook, load). */
    static final int NOT_IN_SEND = -1;

    /** The record would become larger than the plugin's {@code max_record_bytes}. */
    static final int RECORD_TOO_LARGE = -2;

    /** The call already added {@link #MAX_HEADERS} headers. */
    static final int TOO_MANY_HEADERS = -3;

    /** The headers added in the call would exceed {@link #MAX_HEADER_BYTES}. */
    static final int HEADERS_TOO_LARGE = -4;

    /** A header key must not be empty. */
    static final int EMPTY_HEADER_KEY = -5;

    static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final long maxRecordBytes;
    private final List<Header> added = new ArrayList<>();

    /** The record the current {@code on_message_send} call is about; null outside one. */
    private Record record;

    private byte[] message;
    private long addedBytes;

    MessageRewrite(long maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    /** An {@code on_message_send} call about {@code record} starts: nothing is changed yet. */
    void begin(RecordBytes record) {
        this.record = record.record();
        message = null;
        added.clear();
        addedBytes = 0;
    }

    /** The call returned or failed: whatever it held is gone. */
    void end() {
        record = null;
        message = null;
        added.clear();
        addedBytes = 0;
    }

    /** {@code set_message(ptr, len)}: the message the record carries if the call allows it. */
    int setMessage(Memory memory, int ptr, int len) {
        if (record == null) {
            return NOT_IN_SEND;
        }
        long length = Integer.toUnsignedLong(len);
        if (sizeWith(length, addedBytes) > maxRecordBytes) {
            return RECORD_TOO_LARGE;
        }
        byte[] bytes = read(memory, ptr, len, "set_message text");
        // The contract is text: what the next plugins and the store get must be UTF-8.
        GuestMemory.decodeUtf8(bytes, "set_message text");
        message = bytes;
        return OK;
    }

    /** {@code set_header(key_ptr, key_len, val_ptr, val_len)}: adds a header after the others. */
    int addHeader(Memory memory, int keyPtr, int keyLen, int valuePtr, int valueLen) {
        if (record == null) {
            return NOT_IN_SEND;
        }
        if (keyLen == 0) {
            return EMPTY_HEADER_KEY;
        }
        if (added.size() >= MAX_HEADERS) {
            return TOO_MANY_HEADERS;
        }
        long bytes = Integer.toUnsignedLong(keyLen) + Integer.toUnsignedLong(valueLen);
        if (addedBytes + bytes > MAX_HEADER_BYTES) {
            return HEADERS_TOO_LARGE;
        }
        long value = message == null ? record.value().length() : message.length;
        if (sizeWith(value, addedBytes + bytes) > maxRecordBytes) {
            return RECORD_TOO_LARGE;
        }
        String key = GuestMemory.readString(memory, keyPtr, keyLen, "set_header key");
        byte[] headerValue = read(memory, valuePtr, valueLen, "set_header value");
        added.add(new Header(key, Bytes.wrap(headerValue)));
        addedBytes += bytes;
        return OK;
    }

    /**
     * What an allowing call's verdict is: the record unchanged, or the record with the new message
     * and the added headers after its own, in the same topic and partition.
     */
    Verdict allowed() {
        if (message == null && added.isEmpty()) {
            return Verdict.ALLOW;
        }
        var headers = new ArrayList<Header>(record.headers().size() + added.size());
        headers.addAll(record.headers());
        headers.addAll(added);
        return new Verdict.Replace(
                List.of(
                        new Verdict.Output(
                                record.topic(),
                                record.partition(),
                                record.key(),
                                message == null ? record.value() : Bytes.wrap(message),
                                headers,
                                record.timestamp())));
    }

    /** The size of the record with a value of {@code value} bytes and the added headers. */
    private long sizeWith(long value, long headerBytes) {
        return record.sizeBytes() - record.value().length() + value + headerBytes;
    }

    private static byte[] read(Memory memory, int ptr, int len, String what) {
        GuestMemory.checkRange(memory, ptr, len, what);
        return len == 0 ? new byte[0] : memory.readBytes(ptr, len);
    }
}
