package dev.sluice.internal.runtime;

import java.util.List;
import java.util.function.ToLongFunction;

/** How records are cut into calls for a contract that takes batches. */
final class Batches {

    /** At most this many record bytes go into one batched call (a single larger record alone). */
    static final long MAX_BYTES = 1024 * 1024;

    private Batches() {}

    /**
     * Where the call that starts at {@code from} ends (exclusive): at most {@code max} items and
     * {@link #MAX_BYTES} bytes, and always at least one item.
     */
    static <T> int end(List<T> items, int from, int max, ToLongFunction<T> size) {
        int to = from + 1;
        long bytes = size.applyAsLong(items.get(from));
        while (to < items.size() && to - from < max) {
            bytes += size.applyAsLong(items.get(to));
            if (bytes > MAX_BYTES) {
                break;
            }
            to++;
        }
        return to;
    }
}
