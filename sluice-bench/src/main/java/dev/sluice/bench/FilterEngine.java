package dev.sluice.bench;

import dev.sluice.record.Record;

/**
 * One way of running the content filter: plain Java, Sluice, or a peer. Not thread-safe unless the
 * implementation says so; the benchmark gives each thread its own where needed.
 */
public interface FilterEngine extends AutoCloseable {

    /** Runs the filter on one record: true when it accepts it. */
    boolean accept(Record record);

    @Override
    void close();
}
