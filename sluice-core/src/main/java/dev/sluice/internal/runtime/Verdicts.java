package dev.sluice.internal.runtime;

import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.record.Decision;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a plugin said about records, in its contract's terms, into the chain's decisions: the
 * records it emitted completed from their input (topic, timestamp) and the partitioner, and held to
 * the plugin's size limit.
 */
final class Verdicts {

    private final String plugin;
    private final long maxRecordBytes;
    private final Partitioner partitioner;
    private final Counters counters;

    Verdicts(String plugin, long maxRecordBytes, Partitioner partitioner, Counters counters) {
        this.plugin = plugin;
        this.maxRecordBytes = maxRecordBytes;
        this.partitioner = partitioner;
        this.counters = counters;
    }

    /**
     * The decisions for a call's verdicts. Runs inside the call, so verdicts that do not fit the
     * records (too few, too many, an output the record model refuses) fail the call as the plugin's
     * fault.
     */
    List<Decision> decide(List<Record> records, List<Verdict> verdicts) {
        if (verdicts.size() != records.size()) {
            throw new GuestFault(
                    "returned "
                            + verdicts.size()
                            + " verdicts for "
                            + records.size()
                            + " records (one verdict per record, in order)");
        }
        var decisions = new ArrayList<Decision>(records.size());
        for (int i = 0; i < records.size(); i++) {
            decisions.add(decide(records.get(i), verdicts.get(i)));
        }
        return decisions;
    }

    private Decision decide(Record input, Verdict verdict) {
        if (verdict instanceof Verdict.Allow) {
            return Decision.accept();
        }
        if (verdict instanceof Verdict.Block block) {
            counters.rejected.increment();
            return Decision.reject(plugin, block.reason());
        }
        if (verdict instanceof Verdict.Replace replace) {
            // An immutable list, which Decision.Replace keeps instead of copying it again.
            var outputs = new Record[replace.outputs().size()];
            for (int i = 0; i < outputs.length; i++) {
                var record = output(input, replace.outputs().get(i));
                long size = record.sizeBytes();
                if (size > maxRecordBytes) {
                    counters.rejected.increment();
                    return Decision.reject(
                            plugin,
                            "the plugin emitted a record of "
                                    + size
                                    + " bytes, above the "
                                    + maxRecordBytes
                                    + " it may emit (plugin.max_record_bytes)");
                }
                outputs[i] = record;
            }
            return new Decision.Replace(List.of(outputs));
        }
        throw new IllegalStateException("no decision for the verdict " + verdict);
    }

    private Record output(Record input, Verdict.Output o) {
        String topic = o.topic() == null ? input.topic() : o.topic();
        if (topic.isEmpty()) {
            throw new GuestFault("emitted a record with an empty topic");
        }
        int partition =
                o.partition() != null
                        ? o.partition()
                        : partitioner.partition(topic, o.key(), input);
        if (partition < 0) {
            throw new GuestFault(
                    "emitted a record for partition "
                            + Integer.toUnsignedString(partition)
                            + " (partitions go up to 2^31 - 1)");
        }
        return new Record(
                topic,
                partition,
                o.key(),
                o.value(),
                o.headers(),
                o.timestamp() == null ? input.timestamp() : o.timestamp());
    }
}
