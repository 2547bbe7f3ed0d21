package dev.sluice.server.log;

import dev.sluice.record.Record;

/**
 * What a stored record costs on the heap, roughly, on a 64-bit JVM with compressed references: the
 * record object, its topic string (compact Latin-1 or UTF-16, as the JVM keeps it), its byte
 * arrays, its headers, its ring slot and its place in the retention queue. Over-estimating a little
 * is the safe side of a heap budget.
 */
final class RecordCost {

    /** Header, four references, an int and a long, padded. */
    static final int RECORD = 40;

    /** A Bytes object (array reference, two small fields) and its array's header. */
    static final int BYTES = 24 + 16;

    /** A Header object and its list slot. */
    static final int HEADER = 24 + 8;

    /** The header list itself (immutable lists are small objects). */
    static final int HEADERS = 24;

    /** A String object and its byte[] header. */
    static final int STRING = 24 + 16;

    /** The retention entry and its queue node; a ring slot, with room for the ring's growth. */
    static final int BOOKKEEPING = 32 + 24 + 8;

    private RecordCost() {}

    static long of(Record record) {
        return RECORD
                + BOOKKEEPING
                + string(record.topic())
                + (record.key() == null ? 0 : BYTES + record.key().length())
                + BYTES
                + record.value().length()
                + headers(record);
    }

    private static long headers(Record record) {
        long cost = HEADERS;
        for (var h : record.headers()) {
            cost += HEADER + string(h.key()) + BYTES + h.value().length();
        }
        return cost;
    }

    private static long string(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                return STRING + 2L * s.length();
            }
        }
        return STRING + (long) s.length();
    }
}
