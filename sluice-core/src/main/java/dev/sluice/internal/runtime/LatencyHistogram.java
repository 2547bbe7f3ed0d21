package dev.sluice.internal.runtime;

import dev.sluice.plugin.CallLatency;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One plugin's call latencies, recorded on the call path (one atomic add per call) and read as a
 * {@link CallLatency} snapshot by management output.
 */
final class LatencyHistogram {

    private final AtomicLongArray counts = new AtomicLongArray(CallLatency.BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(CallLatency.bucket(nanos));
    }

    CallLatency snapshot() {
        long[] copy = new long[CallLatency.BUCKETS];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return new CallLatency(copy);
    }
}
