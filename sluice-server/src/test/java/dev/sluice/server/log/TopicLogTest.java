package dev.sluice.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TopicLogTest {

    private final TopicLog log = new TopicLog(Long.MAX_VALUE);

    @Test
    void offsetsStartAtZeroPerPartition() {
        assertThat(log.append(Record.of("a", 0, null, "1"))).isZero();
        assertThat(log.append(Record.of("a", 0, null, "2"))).isEqualTo(1);
        assertThat(log.append(Record.of("a", 1, null, "3"))).isZero();
        assertThat(log.append(Record.of("b", 0, null, "4"))).isZero();
    }

    @Test
    void readsFromAnOffsetUpToAMaximum() {
        for (int i = 0; i < 10; i++) {
            log.append(Record.of("a", 0, null, "v" + i));
        }

        var slice = log.read("a", 0, 3, 4).orElseThrow();

        assertThat(slice.records()).extracting(StoredEntry::offset).containsExactly(3L, 4L, 5L, 6L);
        assertThat(slice.records().get(0).record().valueText()).isEqualTo("v3");
        assertThat(slice.highWatermark()).isEqualTo(10);
        assertThat(log.read("a", 0, 10, 5).orElseThrow().records()).isEmpty();
        assertThat(log.read("a", 7, 0, 5)).isEmpty();
    }

    @Test
    void aDeletedTopicFreesItsBudgetAndStartsAgainFromZero() {
        var small = new TopicLog(4 * RecordCost.of(Record.of("a", 0, null, "v0")));
        small.append(Record.of("a", 0, null, "v0"));
        small.append(Record.of("a", 1, null, "v1"));
        small.append(Record.of("b", 0, null, "v2"));

        assertThat(small.delete("a")).isEqualTo(2);

        assertThat(small.partitions()).containsExactly(new TopicPartition("b", 0));
        assertThat(small.read("a", 0, 0, 10)).isEmpty();
        assertThat(small.bytes()).isEqualTo(RecordCost.of(Record.of("b", 0, null, "v2")));
        assertThat(small.append(Record.of("a", 0, null, "v3"))).isZero();
        // Three more fit in the budget the deletion freed: nothing of b is removed.
        small.append(Record.of("c", 0, null, "v4"));
        small.append(Record.of("c", 0, null, "v5"));
        assertThat(small.removed()).isZero();
        assertThat(small.read("b", 0, 0, 10).orElseThrow().records()).hasSize(1);
        assertThat(small.delete("nothing")).isZero();
    }

    @Test
    void concurrentAppendsGetDistinctOffsets() throws Exception {
        var pool = Executors.newFixedThreadPool(4);
        var tasks = new ArrayList<Callable<long[]>>();
        for (int t = 0; t < 4; t++) {
            tasks.add(
                    () -> {
                        long[] offsets = new long[1000];
                        for (int i = 0; i < offsets.length; i++) {
                            offsets[i] = log.append(Record.of("hot", 0, null, "x"));
                        }
                        return offsets;
                    });
        }
        var seen = new HashSet<Long>();
        for (var f : pool.invokeAll(tasks)) {
            for (long o : f.get()) {
                seen.add(o);
            }
        }
        pool.shutdown();

        assertThat(seen).hasSize(4000);
        assertThat(seen).allMatch(o -> o >= 0 && o < 4000);
        assertThat(log.size()).isEqualTo(4000);
    }

    @Test
    void retentionKeepsTheTotalWithinItsBudgetWhileOffsetsKeepGrowing() {
        String kilobyte = "x".repeat(1000);
        long cost = RecordCost.of(Record.of("t", 0, null, kilobyte));
        var small = new TopicLog(10 * cost);

        long last = -1;
        for (int i = 0; i < 1000; i++) {
            last = small.append(Record.of("t", i % 2, null, kilobyte));
            assertThat(small.bytes()).isLessThanOrEqualTo(10 * cost);
        }

        assertThat(last).isEqualTo(499);
        assertThat(small.size()).isEqualTo(10);
        assertThat(small.removed()).isEqualTo(990);
        var slice = small.read("t", 1, 0, 100).orElseThrow();
        assertThat(slice.startOffset()).isEqualTo(495);
        assertThat(slice.highWatermark()).isEqualTo(500);
        assertThat(slice.records())
                .as("a read from before the start begins at the first record still held")
                .extracting(StoredEntry::offset)
                .containsExactly(495L, 496L, 497L, 498L, 499L);
    }

    @Test
    void theOldestRecordsOfTheWholeLogGoFirst() {
        long cost = RecordCost.of(Record.of("a", 0, null, "0123456789"));
        var small = new TopicLog(3 * cost);

        small.append(Record.of("a", 0, null, "0123456789"));
        small.append(Record.of("b", 0, null, "0123456789"));
        small.append(Record.of("b", 0, null, "0123456789"));
        small.append(Record.of("b", 0, null, "0123456789"));

        assertThat(small.read("a", 0, 0, 10).orElseThrow().records())
                .as("topic a's record was the oldest in the log")
                .isEmpty();
        assertThat(small.read("a", 0, 0, 10).orElseThrow().startOffset()).isEqualTo(1);
        assertThat(small.read("b", 0, 0, 10).orElseThrow().records()).hasSize(3);
    }

    @Test
    void aRecordLargerThanTheWholeBudgetIsRefused() {
        var small = new TopicLog(1000);

        assertThatThrownBy(() -> small.append(Record.of("t", 0, null, "x".repeat(2000))))
                .isInstanceOf(StorageFull.class)
                .hasMessageContaining("storage full")
                .hasMessageContaining("storage.retention.max_bytes (1000)");
        assertThat(small.size()).isZero();
        assertThat(small.bytes()).isZero();
    }

    @Test
    void recordCostCountsTheBytesKeysAndHeadersAsTheJvmHoldsThem() {
        long plain = RecordCost.of(Record.of("t", 0, null, "x".repeat(96)));
        long longer = RecordCost.of(Record.of("t", 0, null, "x".repeat(104)));
        long keyed = RecordCost.of(Record.of("t", 0, "k".repeat(48), "x".repeat(96)));
        long wideTopic = RecordCost.of(Record.of("✓", 0, null, "x".repeat(96)));
        long withHeaders =
                RecordCost.of(
                        Record.builder("t")
                                .value("x".repeat(96))
                                .header("h", "v".repeat(8))
                                .header("h", Bytes.wrap(new byte[] {(byte) 0xff}))
                                .header("i", "")
                                .build());

        assertThat(longer - plain).as("arrays are padded to 8 bytes").isEqualTo(8);
        assertThat(keyed - plain).isEqualTo(RecordCost.BYTES + 16 + 48);
        assertThat(wideTopic - plain).as("a UTF-16 topic string").isZero();
        assertThat(withHeaders - plain)
                .as("list, its array, three headers, their key strings and non-empty values")
                .isEqualTo(
                        RecordCost.LIST
                                + 32
                                + 3 * (RecordCost.HEADER + RecordCost.STRING + 24)
                                + (RecordCost.BYTES + 24)
                                + (RecordCost.BYTES + 24));
    }

    @Test
    void aRequestsRecordsAreStoredTogetherAcrossPartitionsInOrder() {
        log.append(Record.of("b", 0, null, "earlier"));

        long[] offsets =
                log.append(
                        List.of(
                                Record.of("b", 0, null, "1"),
                                Record.of("a", 3, null, "2"),
                                Record.of("b", 0, null, "3")));

        assertThat(offsets).containsExactly(1, 0, 2);
        assertThat(log.read("b", 0, 0, 10).orElseThrow().records())
                .extracting(e -> e.record().valueText())
                .containsExactly("earlier", "1", "3");
        assertThat(log.read("a", 3, 0, 10).orElseThrow().records()).hasSize(1);
    }

    @Test
    void aRequestWhoseSecondRecordDoesNotFitStoresNothing() {
        long cost = RecordCost.of(Record.of("t", 0, null, "x".repeat(100)));
        var small = new TopicLog(cost + cost / 2);
        small.append(Record.of("t", 0, null, "x".repeat(100)));

        assertThatThrownBy(
                        () ->
                                small.append(
                                        List.of(
                                                Record.of("t", 0, null, "x".repeat(100)),
                                                Record.of("u", 1, null, "x".repeat(100)))))
                .isInstanceOf(StorageFull.class)
                .hasMessageContaining("the request's 2 records need about " + 2 * cost);
        assertThat(small.size()).as("only the record stored before").isEqualTo(1);
        assertThat(small.read("u", 1, 0, 1)).isEmpty();
        assertThat(small.read("t", 0, 0, 10).orElseThrow().highWatermark()).isEqualTo(1);
        assertThat(small.bytes()).isEqualTo(cost);
    }

    @Test
    void concurrentRequestsOverSharedPartitionsNeverInterleaveOrDeadlock() throws Exception {
        // Each request writes to two partitions, in opposite orders on alternate threads: a lock
        // taken in request order would deadlock; a reader must see each pair whole or not at all.
        var pool = Executors.newFixedThreadPool(4);
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < 4; t++) {
            boolean flipped = t % 2 == 1;
            tasks.add(
                    () -> {
                        for (int i = 0; i < 2000; i++) {
                            var x = Record.of("x", 0, null, "pair");
                            var y = Record.of("y", 0, null, "pair");
                            long[] o = log.append(flipped ? List.of(y, x) : List.of(x, y));
                            assertThat(o).hasSize(2);
                        }
                        return null;
                    });
        }
        var reader =
                pool.submit(
                        () -> {
                            for (int i = 0; i < 2000; i++) {
                                var xs = log.read("x", 0, 0, 1).map(s -> s.highWatermark());
                                var ys = log.read("y", 0, 0, 1).map(s -> s.highWatermark());
                                // x is read first, so y can only be ahead of it, never behind.
                                assertThat(ys.orElse(0L)).isGreaterThanOrEqualTo(xs.orElse(0L));
                            }
                            return null;
                        });
        for (var f : pool.invokeAll(tasks)) {
            f.get(60, TimeUnit.SECONDS);
        }
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(log.read("x", 0, 0, 1).orElseThrow().highWatermark()).isEqualTo(8000);
        assertThat(log.read("y", 0, 0, 1).orElseThrow().highWatermark()).isEqualTo(8000);
    }

    @Test
    void concurrentAppendsUnderRetentionStayWithinTheBudget() throws Exception {
        long cost = RecordCost.of(Record.of("hot", 0, null, "x"));
        var small = new TopicLog(100 * cost);
        var pool = Executors.newFixedThreadPool(4);
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < 4; t++) {
            int partition = t;
            tasks.add(
                    () -> {
                        for (int i = 0; i < 5000; i++) {
                            small.append(Record.of("hot", partition, null, "x"));
                        }
                        return null;
                    });
        }
        for (var f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();

        assertThat(small.bytes()).isLessThanOrEqualTo(100 * cost);
        assertThat(small.size()).isEqualTo(small.bytes() / cost);
        assertThat(small.removed() + small.size()).isEqualTo(20_000);
        for (int p = 0; p < 4; p++) {
            assertThat(small.read("hot", p, 0, 1).orElseThrow().highWatermark()).isEqualTo(5000);
        }
    }
}
