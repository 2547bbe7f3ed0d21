package dev.sluice.server.ingest;

import dev.sluice.record.Decision;
import dev.sluice.record.StoredRecord;
import java.util.List;

/**
 * What became of one produce request: every record stored, or none of them, and why. Every ingress
 * answers its client from this.
 */
public sealed interface ProduceOutcome
        permits ProduceOutcome.Stored,
                ProduceOutcome.Rejected,
                ProduceOutcome.Unavailable,
                ProduceOutcome.StorageFull {

    /**
     * Everything the chain let through was stored.
     *
     * @param stored for each input record, in order, the records stored for it with their offsets
     *     (none when a plugin dropped it; several when one split or routed it)
     */
    record Stored(List<List<StoredRecord>> stored) implements ProduceOutcome {
        public Stored {
            stored = stored.stream().map(List::copyOf).toList();
        }
    }

    /**
     * A plugin rejected at least one record, so nothing was stored.
     *
     * @param decisions the chain's decision for each input, in order
     * @param first the index of the first rejected input
     */
    record Rejected(List<Decision> decisions, int first) implements ProduceOutcome {
        public Rejected {
            decisions = List.copyOf(decisions);
        }

        public Decision.Reject rejection() {
            return (Decision.Reject) decisions.get(first);
        }
    }

    /**
     * A plugin could not look at a record now (and none was rejected), so nothing was stored; the
     * producer may send the request again.
     *
     * @param index the input that was not looked at
     */
    record Unavailable(Decision.Unavailable unavailable, int index) implements ProduceOutcome {}

    /** What the chain let through costs more than the whole storage budget; nothing was stored. */
    record StorageFull(String message) implements ProduceOutcome {}
}
