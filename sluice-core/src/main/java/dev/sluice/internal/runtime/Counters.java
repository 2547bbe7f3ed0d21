package dev.sluice.internal.runtime;

import java.util.concurrent.atomic.LongAdder;

/** One plugin's running counts, read by status and metrics at scrape time. */
final class Counters {
    final LongAdder calls = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder hostFailures = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();
}
