package dev.sluice.internal.pipeline;

import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One trip of a batch through the chain: what each input has become so far and which inputs are
 * already decided.
 *
 * <p>What the inputs have become is one flat list in input order, each entry tagged with the index
 * of the input it came from (a plugin may have split one input into several records, or dropped
 * it). A rejection (or unavailability) of any entry decides its input: everything else that input
 * became is dropped, and later plugins see nothing of it.
 *
 * <p>Not thread-safe: one per call of {@link PluginChain#process}.
 */
final class ChainPass {

    private final int inputs;
    private final Decision[] decided;
    private final boolean[] replaced;

    private Entries current;

    /** Indexes into {@link #current} of the batch last handed out, or null when it was all. */
    private int[] sent;

    /** The sizes of the records of the batch last handed out, in its order. */
    private long[] batchSizes;

    ChainPass(List<Record> inputs) {
        this.inputs = inputs.size();
        this.decided = new Decision[this.inputs];
        this.replaced = new boolean[this.inputs];
        this.current = new Entries(this.inputs);
        for (int i = 0; i < this.inputs; i++) {
            current.add(i, inputs.get(i), inputs.get(i).sizeBytes());
        }
    }

    /**
     * What the next plugin is given: the records of inputs not yet decided. A record above the
     * plugin's size limit is not given to it and rejects its input instead.
     */
    List<Record> batchFor(String plugin, long maxRecordBytes) {
        sent = null;
        List<Record> batch = null;
        for (int k = 0; k < current.size(); k++) {
            int input = current.origin[k];
            boolean skip = decided[input] != null;
            if (!skip && current.sizes[k] > maxRecordBytes) {
                decided[input] = tooLarge(plugin, current.sizes[k], maxRecordBytes);
                skip = true;
            }
            if (skip && batch == null) {
                // From here on only some records go: list the ones that do.
                batch = new ArrayList<>(current.records.subList(0, k));
                sent = new int[current.size()];
                for (int j = 0; j < k; j++) {
                    sent[j] = j;
                }
            }
            if (!skip && batch != null) {
                sent[batch.size()] = k;
                batch.add(current.records.get(k));
            }
        }
        if (batch == null) {
            batchSizes = current.sizes;
            return current.records;
        }
        batchSizes = new long[batch.size()];
        for (int j = 0; j < batch.size(); j++) {
            batchSizes[j] = current.sizes[sent[j]];
        }
        return batch;
    }

    /**
     * Each record's size in the batch {@link #batchFor} last gave, measured once when the record
     * entered the pass, so neither the plugin's batching nor the next plugin measures it again.
     */
    long[] batchSizes() {
        return batchSizes;
    }

    private static Decision tooLarge(String plugin, long size, long max) {
        return Decision.reject(
                plugin,
                "record is "
                        + size
                        + " bytes (topic, key, value and headers), above the "
                        + max
                        + " this plugin takes (plugin.max_record_bytes); it was not passed to the"
                        + " plugin");
    }

    /**
     * Takes in a plugin's decisions, one per record of the batch {@link #batchFor} gave it, in
     * order.
     */
    void apply(List<Decision> decisions) {
        if (sent == null && allAccepted(decisions)) {
            return; // the plugin had every record and passed each on as it was: nothing changes
        }
        var next = new Entries(current.size());
        boolean decidedNow = false;
        for (int d = 0; d < decisions.size(); d++) {
            int k = sent == null ? d : sent[d];
            int input = current.origin[k];
            var decision = decisions.get(d);
            if (decided[input] != null) {
                continue;
            }
            if (decision instanceof Decision.Accept) {
                next.add(input, current.records.get(k), current.sizes[k]);
            } else if (decision instanceof Decision.Replace replace) {
                replaced[input] = true;
                for (var out : replace.records()) {
                    next.add(input, out, out.sizeBytes());
                }
            } else if (decision instanceof Decision.Reject
                    || decision instanceof Decision.Unavailable) {
                decided[input] = decision;
                decidedNow = true;
            } else {
                throw new IllegalStateException("the chain has no rule for " + decision);
            }
        }
        // An input decided by a later entry loses what its earlier entries had become.
        current = decidedNow ? next.without(decided) : next;
    }

    private static boolean allAccepted(List<Decision> decisions) {
        for (int d = 0, n = decisions.size(); d < n; d++) {
            if (!(decisions.get(d) instanceof Decision.Accept)) {
                return false;
            }
        }
        return true;
    }

    /** The chain's decision for each input, in order. */
    List<Decision> decisions() {
        var out = new ArrayList<Decision>(inputs);
        int k = 0;
        for (int i = 0; i < inputs; i++) {
            int from = k;
            while (k < current.size() && current.origin[k] == i) {
                k++;
            }
            if (decided[i] != null) {
                out.add(decided[i]);
            } else if (!replaced[i]) {
                out.add(Decision.accept());
            } else {
                out.add(new Decision.Replace(current.records.subList(from, k)));
            }
        }
        return out;
    }

    /** Records, each with the input it came from and its size. */
    private static final class Entries {
        final List<Record> records;
        int[] origin;
        long[] sizes;

        Entries(int capacity) {
            records = new ArrayList<>(capacity);
            origin = new int[Math.max(capacity, 1)];
            sizes = new long[origin.length];
        }

        int size() {
            return records.size();
        }

        void add(int input, Record record, long size) {
            int k = records.size();
            if (k == origin.length) {
                origin = Arrays.copyOf(origin, k * 2);
                sizes = Arrays.copyOf(sizes, k * 2);
            }
            origin[k] = input;
            sizes[k] = size;
            records.add(record);
        }

        Entries without(Decision[] decided) {
            var kept = new Entries(records.size());
            for (int k = 0; k < records.size(); k++) {
                if (decided[origin[k]] == null) {
                    kept.add(origin[k], records.get(k), sizes[k]);
                }
            }
            return kept;
        }
    }
}
