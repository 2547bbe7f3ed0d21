package dev.sluice.server.ingest;

import dev.sluice.Sluice;
import dev.sluice.record.ChainTrace;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.log.StorageFull;
import dev.sluice.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way records get into storage, whatever they came by (HTTP, later the Kafka protocol): the
 * request's records go through the plugin chain as one batch; unless every one of them may be
 * stored, none is; what the chain let through is stored atomically; the post-store hooks see it;
 * the outcome names every stored record or says why nothing was. Ingresses parse and answer, and
 * leave the rest to this.
 */
public final class ProducePath {

    private final Sluice sluice;
    private final RecordLog log;
    private final ServerMetrics metrics;
    private final Consumer<List<StoredRecord>> onStored;

    public ProducePath(Sluice sluice, RecordLog log, ServerMetrics metrics) {
        this(sluice, log, metrics, stored -> {});
    }

    /**
     * @param onStored told of every record stored, right after the log has it and before the
     *     producer is answered (the Kafka broker learns of new topics and wakes waiting fetches)
     */
    public ProducePath(
            Sluice sluice,
            RecordLog log,
            ServerMetrics metrics,
            Consumer<List<StoredRecord>> onStored) {
        this.sluice = sluice;
        this.log = log;
        this.metrics = metrics;
        this.onStored = onStored;
    }

    /**
     * Runs the records through the chain and stores what it lets through, all of it or none.
     *
     * <p>A rejection anywhere rejects the request (and wins over an unavailable record: sending the
     * same request again cannot succeed); otherwise a record no plugin could look at makes the
     * request unavailable, to be sent again.
     */
    public ProduceOutcome produce(List<Record> records) {
        var pending = producePending(records);
        try {
            pending.stored().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StorageFull full) {
                return new ProduceOutcome.StorageFull(full.getMessage());
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return pending.outcome();
    }

    /**
     * What {@link #produce} decided, known at once, and when a {@link ProduceOutcome.Stored} is
     * stored for good: {@code stored} completes once the records are durable and the post-store
     * hooks have seen them (at once for any other outcome), or fails (nothing of the records
     * stored) with the storage's error, a {@link StorageFull} among them.
     */
    public record Pending(ProduceOutcome outcome, CompletableFuture<Void> stored) {}

    /**
     * As {@link #produce}, but returns once the records are written and have their offsets, not
     * waiting for the disk: an ingress may take a connection's next request meanwhile (its own
     * order is kept, and one force covers the batches written while the last one ran) and answer
     * when {@link Pending#stored()} completes.
     */
    public Pending producePending(List<Record> records) {
        long start = System.nanoTime();
        List<Decision> decisions = sluice.process(records);
        int rejected = -1;
        int unavailable = -1;
        int storing = 0;
        for (int i = 0; i < decisions.size(); i++) {
            var decision = decisions.get(i);
            // Java 17 has no pattern switch: the last branch refuses a variant this code does not
            // know yet (never storing it) instead of the compiler doing so.
            if (decision instanceof Decision.Accept) {
                storing++;
            } else if (decision instanceof Decision.Replace replace) {
                storing += replace.records().size();
            } else if (decision instanceof Decision.Reject reject) {
                metrics.rejected(reject.plugin());
                rejected = rejected < 0 ? i : rejected;
            } else if (decision instanceof Decision.Unavailable busy) {
                metrics.unavailable(busy.plugin(), busy.cause());
                unavailable = unavailable < 0 ? i : unavailable;
            } else {
                throw new IllegalStateException("no rule for the decision " + decision);
            }
        }
        if (rejected >= 0) {
            return now(new ProduceOutcome.Rejected(decisions, rejected));
        }
        if (unavailable >= 0) {
            return now(
                    new ProduceOutcome.Unavailable(
                            (Decision.Unavailable) decisions.get(unavailable), unavailable));
        }
        var toStore = new ArrayList<Record>(storing);
        for (int i = 0; i < decisions.size(); i++) {
            toStore.addAll(decisions.get(i).toStore(records.get(i)));
        }
        RecordLog.Appending appending;
        try {
            appending = log.appendPending(toStore);
        } catch (StorageFull full) {
            return now(new ProduceOutcome.StorageFull(full.getMessage()));
        }
        long[] offsets = appending.offsets();
        var all = new ArrayList<StoredRecord>(toStore.size());
        for (int k = 0; k < toStore.size(); k++) {
            all.add(new StoredRecord(toStore.get(k), offsets[k]));
        }
        var perInput = new ArrayList<List<StoredRecord>>(records.size());
        int from = 0;
        for (int i = 0; i < decisions.size(); i++) {
            int count = decisions.get(i).toStore(records.get(i)).size();
            perInput.add(all.subList(from, from + count));
            from += count;
        }
        // Once durable: fetches woken, hooks told, counted (on the thread that forced it).
        var stored =
                appending
                        .durable()
                        .thenRun(
                                () -> {
                                    if (!all.isEmpty()) {
                                        onStored.accept(all);
                                        sluice.afterStore(all);
                                    }
                                    metrics.accepted(all.size());
                                    metrics.produceLatency()
                                            .record(
                                                    System.nanoTime() - start,
                                                    TimeUnit.NANOSECONDS);
                                });
        return new Pending(new ProduceOutcome.Stored(perInput), stored);
    }

    private static Pending now(ProduceOutcome outcome) {
        return new Pending(outcome, CompletableFuture.completedFuture(null));
    }

    /**
     * Runs the records through the chain and describes every plugin call; stores nothing and runs
     * no post-store hook.
     */
    public ChainTrace dryRun(List<Record> records) {
        return sluice.dryRun(records);
    }
}
