package dev.sluice.internal.contract;

import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import java.util.List;

/** What one plugin's pre-store hook said about one record, in the plugin's own terms. */
public sealed interface Verdict permits Verdict.Allow, Verdict.Block, Verdict.Replace {

    record Allow() implements Verdict {}

    /** The plugin refused the record; {@code reason} is its own words when it gave any. */
    record Block(String reason) implements Verdict {}

    /** The plugin emitted these in place of the record (none: dropped). */
    record Replace(List<Output> outputs) implements Verdict {}

    /**
     * A record a plugin emitted. Null fields are the plugin leaving them to the host: topic and
     * timestamp then come from the input, the partition from the engine's partitioner.
     */
    record Output(
            String topic,
            Integer partition,
            Bytes key,
            Bytes value,
            List<Header> headers,
            Long timestamp) {}

    Verdict ALLOW = new Allow();
}
