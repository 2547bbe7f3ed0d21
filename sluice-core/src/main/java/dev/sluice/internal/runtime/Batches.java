package dev.sluice.internal.runtime;

/** How records are cut into calls for a contract that takes batches. */
final class Batches {

    /** At most this many record bytes go into one batched call (a single larger record alone). */
    static final long MAX_BYTES = 1024 * 1024;

    private Batches() {}

    /**
     * Where the call that starts at {@code from} ends (exclusive), among {@code count} records
     * whose sizes ({@link dev.sluice.record.Record#sizeBytes}) the caller measured once: at most
     * {@code max} records and {@link #MAX_BYTES} bytes, and always at least one record.
     */
    static int end(long[] sizes, int count, int from, int max) {
        int to = from + 1;
        long bytes = sizes[from];
        while (to < count && to - from < max) {
            bytes += sizes[to];
            if (bytes > MAX_BYTES) {
                break;
            }
            to++;
        }
        return to;
    }
}
