package dev.sluice.server.kafka.produce;

import dev.sluice.server.log.TopicPartition;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Idempotent producers: the ids InitProducerId hands out, and per producer and partition the
 * sequence numbers of the last {@value #KEPT} batches stored (as many as a Kafka producer may have
 * in flight), so that a batch sent again is answered with its first offset instead of being stored
 * twice, and a batch that skips ahead is refused.
 *
 * <p>Kept in memory: after a restart a producer's next batch is taken as its first on that
 * partition (a batch whose acknowledgement the restart lost may then be stored twice; nothing
 * acknowledged is lost).
 */
final class ProducerStates {

    /** Batches remembered per producer and partition: Kafka's max.in.flight limit. */
    static final int KEPT = 5;

    /** Above this many producer-partitions, those idle longest are forgotten. */
    static final int MAX_STATES = 100_000;

    private final AtomicLong nextId;
    private final ConcurrentHashMap<Key, State> states = new ConcurrentHashMap<>();

    ProducerStates() {
        // Unique across restarts without storing a counter: ids never go backwards in time.
        this.nextId = new AtomicLong(System.currentTimeMillis() << 10);
    }

    long newProducerId() {
        return nextId.incrementAndGet();
    }

    /** The state of a producer on a partition; lock it while checking and storing a batch. */
    State state(long producerId, TopicPartition partition) {
        if (states.size() > MAX_STATES) {
            forgetIdlest();
        }
        var state = states.computeIfAbsent(new Key(producerId, partition), k -> new State());
        state.lastUsed = System.nanoTime();
        return state;
    }

    /** Forgets the tenth of the states idle longest, keeping the map bounded. */
    private synchronized void forgetIdlest() {
        if (states.size() <= MAX_STATES) {
            return;
        }
        long[] ages = states.values().stream().mapToLong(s -> s.lastUsed).sorted().toArray();
        long cutoff = ages[ages.length / 10];
        states.values().removeIf(s -> s.lastUsed <= cutoff);
    }

    /** Forgets every producer's state on a topic (it was deleted). */
    void forget(String topic) {
        states.keySet().removeIf(k -> k.partition().topic().equals(topic));
    }

    private record Key(long producerId, TopicPartition partition) {}

    /** What a batch's sequence numbers say about it. */
    sealed interface Check permits Check.Fresh, Check.Duplicate, Check.OutOfOrder, Check.Fenced {
        /** Next in sequence (or the producer's first here): store it. */
        record Fresh() implements Check {}

        /** Stored already: answer with its first offset, store nothing. */
        record Duplicate(long baseOffset) implements Check {}

        /** Not the next sequence number: refuse. */
        record OutOfOrder(String message) implements Check {}

        /** From an older epoch of the producer than one already seen: refuse. */
        record Fenced(String message) implements Check {}
    }

    /** One producer on one partition. Guarded by its own monitor. */
    static final class State {
        private static final short NONE = -1;

        private short epoch = NONE;
        private int lastSequence;
        private final ArrayDeque<long[]> recent = new ArrayDeque<>(KEPT); // first, last, offset
        private volatile long lastUsed;
        private CompletableFuture<Void> lastStored = CompletableFuture.completedFuture(null);

        /** When the last batch stored is on disk (or failed to get there). */
        CompletableFuture<Void> lastStored() {
            return lastStored;
        }

        Check check(short batchEpoch, int firstSequence, int lastSequenceOfBatch) {
            if (epoch == NONE) {
                return new Check.Fresh();
            }
            if (batchEpoch < epoch) {
                return new Check.Fenced(
                        "producer epoch " + batchEpoch + " is older than " + epoch + " seen");
            }
            if (batchEpoch > epoch) {
                return firstSequence == 0
                        ? new Check.Fresh()
                        : new Check.OutOfOrder(
                                "a new producer epoch "
                                        + batchEpoch
                                        + " must start at sequence 0, not "
                                        + firstSequence);
            }
            for (var b : recent) {
                if (b[0] == firstSequence && b[1] == lastSequenceOfBatch) {
                    return new Check.Duplicate(b[2]);
                }
            }
            int expected = lastSequence == Integer.MAX_VALUE ? 0 : lastSequence + 1;
            if (firstSequence != expected) {
                return new Check.OutOfOrder(
                        "expected sequence " + expected + ", the batch starts at " + firstSequence);
            }
            return new Check.Fresh();
        }

        /**
         * The batch from {@code firstSequence} (and every one after it, taken back with it) was not
         * stored after all: its resend is in sequence again.
         */
        void takeBack(int firstSequence) {
            lastStored = CompletableFuture.completedFuture(null); // the batches left are on disk
            recent.removeIf(b -> b[0] >= firstSequence);
            if (firstSequence == 0) {
                epoch = NONE;
                recent.clear();
            } else {
                lastSequence = firstSequence - 1;
            }
        }

        /**
         * A fresh batch was stored from {@code baseOffset}; {@code durable} completes once it is on
         * disk (batches of a partition get there in order, so the last one's future covers the
         * others).
         */
        void stored(
                short batchEpoch,
                int firstSequence,
                int lastSequenceOfBatch,
                long baseOffset,
                CompletableFuture<Void> durable) {
            lastStored = durable;
            if (batchEpoch != epoch) {
                recent.clear();
                epoch = batchEpoch;
            }
            lastSequence = lastSequenceOfBatch;
            if (recent.size() == KEPT) {
                recent.removeFirst();
            }
            recent.addLast(new long[] {firstSequence, lastSequenceOfBatch, baseOffset});
        }
    }
}
