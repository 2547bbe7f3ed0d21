package dev.sluice.server.log;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;

/**
 * What a stored record costs on the heap, on a 64-bit JVM with compressed references (objects and
 * arrays padded to 8 bytes): the record object, its topic string (compact Latin-1 or UTF-16, as the
 * JVM keeps it), its key and value ({@link Bytes} objects and their arrays), its headers (each a
 * {@code Header}, its key string and its value's bytes, and the list holding them), its ring slot
 * and its place in the retention queue. Over-estimating a little is the safe side of a heap budget.
 */
final class RecordCost {

    /** Header, four references, an int and a long. */
    static final int RECORD = 40;

    /** A Bytes object: header, the array reference, a byte and an int, padded. */
    static final int BYTES = 24;

    /** An array's header (mark, class, length). */
    static final int ARRAY = 16;

    /** A Header object: header and two references, padded. */
    static final int HEADER = 24;

    /** An immutable list of one or two elements, or the object around a longer list's array. */
    static final int LIST = 24;

    /** A String object (its byte[] is counted as an array). */
    static final int STRING = 24;

    /** The retention entry and its queue node; a ring slot, with room for the ring's growth. */
    static final int BOOKKEEPING = 32 + 24 + 8;

    private RecordCost() {}

    static long of(Record record) {
        return RECORD
                + BOOKKEEPING
                + string(record.topic())
                + (record.key() == null ? 0 : bytes(record.key()))
                + bytes(record.value())
                + headers(record);
    }

    private static long headers(Record record) {
        int n = record.headers().size();
        if (n == 0) {
            return 0; // the shared empty list
        }
        long cost = LIST + (n > 2 ? array(4L * n) : 0);
        for (var h : record.headers()) {
            cost += HEADER + string(h.key()) + bytes(h.value());
        }
        return cost;
    }

    /** Empty bytes are one shared object; others are an object and its array. */
    private static long bytes(Bytes b) {
        return b.isEmpty() ? 0 : BYTES + array(b.length());
    }

    private static long string(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return STRING + array(2L * s.length());
            }
        }
        return STRING + array(s.length());
    }

    private static long array(long payload) {
        return (ARRAY + payload + 7) & ~7L;
    }
}
