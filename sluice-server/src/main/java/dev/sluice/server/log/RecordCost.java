package dev.sluice.server.log;

import dev.sluice.record.Record;

/**
 * What a stored record costs on the heap, roughly, on a 64-bit JVM with compressed references: the
 * record object, its strings (compact Latin-1 or UTF-16, as the JVM keeps them), its ring slot and
 * its place in the retention queue. Over-estimating a little is the safe side of a heap budget.
 */
final class RecordCost {

    /** Header, three references, an int and a long, padded. */
    static final int RECORD = 40;

    /** A String object and its byte[] header. */
    static final int STRING = 24 + 16;

    /** The retention entry and its queue node; a ring slot, with room for the ring's growth. */
    static final int BOOKKEEPING = 32 + 24 + 8;

    private RecordCost() {}

    static long of(Record record) {
        return RECORD
                + BOOKKEEPING
                + string(record.topic())
                + (record.key() == null ? 0 : string(record.key()))
                + string(record.value());
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
