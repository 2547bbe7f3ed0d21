package dev.sluice.server.log.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.log.StoredEntry;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskLogTest {

    @TempDir Path dataDir;

    private DiskLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private DiskLog open(StorageSettings settings) {
        if (log != null) {
            log.close();
        }
        log = DiskLog.open(settings);
        return log;
    }

    private StorageSettings settings() {
        return StorageSettings.disk(dataDir).withRetention(Long.MAX_VALUE, Optional.empty());
    }

    private static Record record(String topic, int partition, int i) {
        return Record.builder(topic)
                .partition(partition)
                .key(Bytes.utf8("k" + i))
                .value("value " + i)
                .timestamp(1_700_000_000_000L + i)
                .build();
    }

    private List<Record> readAll(String topic, int partition) {
        var out = new ArrayList<Record>();
        long offset = 0;
        while (true) {
            var slice = log.read(topic, partition, offset, 7).orElseThrow();
            if (slice.records().isEmpty()) {
                return out;
            }
            slice.records().forEach(e -> out.add(e.record()));
            offset = slice.records().get(slice.records().size() - 1).offset() + 1;
        }
    }

    @Test
    void recordsSurviveARestartByteForByte() {
        var odd =
                new Record(
                        "topic with spaces/ünïcode",
                        3,
                        null,
                        Bytes.wrap(new byte[] {0, (byte) 0xFF, (byte) 0xC3, 0x28}),
                        List.of(
                                new dev.sluice.record.Header(
                                        "h", Bytes.wrap(new byte[] {(byte) 0x80})),
                                new dev.sluice.record.Header("h", Bytes.EMPTY),
                                new dev.sluice.record.Header("", Bytes.utf8("empty key"))),
                        -5);
        var plain = record("topic with spaces/ünïcode", 3, 1);
        var empty = Record.builder("t").key(Bytes.EMPTY).value(Bytes.EMPTY).timestamp(0).build();
        open(settings());
        assertThat(log.append(List.of(odd, plain, empty))).containsExactly(0, 1, 0);
        log.close();
        log = null;

        open(settings());
        assertThat(readAll("topic with spaces/ünïcode", 3)).containsExactly(odd, plain);
        assertThat(readAll("t", 0)).containsExactly(empty);
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(log.append(record("t", 0, 2))).isEqualTo(1);
    }

    @Test
    void readsFindAnyOffsetAcrossSegmentsAndHonourLimits() throws IOException {
        open(settings().withSegmentBytes(1024));
        var expected = new ArrayList<Record>();
        for (int i = 0; i < 500; i++) {
            var batch = List.of(record("many", 0, 2 * i), record("many", 0, 2 * i + 1));
            log.append(batch);
            expected.addAll(batch);
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("topics/many-0"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".log")).count()).isGreaterThan(10);
        }
        for (int offset : new int[] {0, 1, 17, 499, 500, 998, 999}) {
            var slice = log.read("many", 0, offset, 3).orElseThrow();
            var want = new ArrayList<Long>();
            for (long o = offset; o < Math.min(offset + 3, 1000); o++) {
                want.add(o);
            }
            assertThat(slice.records()).extracting(StoredEntry::offset).isEqualTo(want);
            assertThat(slice.records().get(0).record()).isEqualTo(expected.get(offset));
        }
        assertThat(log.read("many", 0, 1000, 3).orElseThrow().records()).isEmpty();
        long one = expected.get(10).sizeBytes(); // records 10 to 99 are all this size
        assertThat(log.read("many", 0, 10, 100, 2 * one).orElseThrow().records()).hasSize(2);
        assertThat(log.read("many", 0, 10, 100, 1).orElseThrow().records()).hasSize(1);
        assertThat(readAll("many", 0)).isEqualTo(expected);
        assertThat(log.offsets("many", 0).orElseThrow().highWatermark()).isEqualTo(1000);
        assertThat(log.read("none", 0, 0, 1)).isEmpty();
    }

    @Test
    void aTornTailIsCutAndReportedAndTheLogGoesOn() throws IOException {
        open(settings());
        for (int i = 0; i < 3; i++) {
            log.append(record("torn", 0, i));
        }
        log.close();
        log = null;
        Path segment = dataDir.resolve("topics/torn-0/00000000000000000000.log");
        long size = Files.size(segment);
        try (var file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(size - 5); // the last batch loses its end, as in a crash mid-write
        }

        open(settings());
        assertThat(readAll("torn", 0)).containsExactly(record("torn", 0, 0), record("torn", 0, 1));
        assertThat(log.recoveryCuts())
                .singleElement()
                .satisfies(
                        cut -> {
                            assertThat(cut.file()).isEqualTo(segment);
                            assertThat(cut.offset()).isEqualTo(2);
                            assertThat(cut.position() + cut.bytes()).isEqualTo(size - 5);
                            assertThat(cut.why()).contains("does not fit");
                        });
        assertThat(log.append(record("torn", 0, 9))).isEqualTo(2);
        assertThat(readAll("torn", 0)).hasSize(3);
    }

    @Test
    void aCorruptBatchIsCutWithEverythingAfterIt() throws IOException {
        open(settings());
        for (int i = 0; i < 4; i++) {
            log.append(record("crc", 0, i));
        }
        long oneBatch = Files.size(dataDir.resolve("topics/crc-0/00000000000000000000.log")) / 4;
        log.close();
        log = null;
        Path segment = dataDir.resolve("topics/crc-0/00000000000000000000.log");
        try (var file = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = 2 * oneBatch + oneBatch - 3; // inside the third batch's value
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x01);
        }

        open(settings());
        assertThat(readAll("crc", 0)).containsExactly(record("crc", 0, 0), record("crc", 0, 1));
        assertThat(log.recoveryCuts())
                .singleElement()
                .satisfies(
                        cut -> {
                            assertThat(cut.offset()).isEqualTo(2);
                            assertThat(cut.bytes()).isEqualTo(2 * oneBatch);
                            assertThat(cut.why()).contains("CRC");
                        });
    }

    @Test
    void aRequestHalfOnDiskAfterACrashIsRemovedFromEveryPartition() throws IOException {
        open(settings());
        log.append(record("a", 0, 0));
        log.append(record("b", 0, 0));
        Path a = dataDir.resolve("topics/a-0/00000000000000000000.log");
        Path b = dataDir.resolve("topics/b-0/00000000000000000000.log");
        long aBefore = Files.size(a);
        long bBefore = Files.size(b);
        // One request, two partitions: a/0 is written first (lock order), then b/0.
        assertThat(log.append(List.of(record("b", 0, 1), record("a", 0, 1), record("a", 0, 2))))
                .containsExactly(1, 1, 2);
        long aAfter = Files.size(a);
        log.close();
        log = null;
        // A crash between the two writes: a/0 has the request's batch, b/0 does not.
        try (var file = new RandomAccessFile(b.toFile(), "rw")) {
            file.setLength(bBefore);
        }

        open(settings());
        assertThat(readAll("a", 0)).containsExactly(record("a", 0, 0));
        assertThat(readAll("b", 0)).containsExactly(record("b", 0, 0));
        assertThat(log.recoveryCuts())
                .singleElement()
                .satisfies(
                        cut -> {
                            assertThat(cut.partition()).isEqualTo(new TopicPartition("a", 0));
                            assertThat(cut.file()).isEqualTo(a);
                            assertThat(cut.offset()).isEqualTo(1);
                            assertThat(cut.position()).isEqualTo(aBefore);
                            assertThat(cut.bytes()).isEqualTo(aAfter - aBefore);
                            assertThat(cut.why()).contains("b/0");
                        });
        assertThat(log.append(record("a", 0, 5))).isEqualTo(1);
    }

    @Test
    void aWholeRequestAcrossPartitionsIsKept() {
        open(settings());
        log.append(List.of(record("a", 0, 1), record("b", 0, 1), record("a", 1, 1)));
        log.close();
        log = null;
        open(settings());
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(readAll("a", 0)).hasSize(1);
        assertThat(readAll("b", 0)).hasSize(1);
        assertThat(readAll("a", 1)).hasSize(1);
    }

    @Test
    void retentionByBytesDeletesTheOldestSegmentsOfThatPartition() {
        open(settings().withSegmentBytes(1024).withRetention(4096, Optional.empty()));
        for (int i = 0; i < 400; i++) {
            log.append(record("big", 0, i));
        }
        log.append(record("small", 0, 0));
        var offsets = log.offsets("big", 0).orElseThrow();
        assertThat(offsets.highWatermark()).isEqualTo(400);
        assertThat(offsets.startOffset()).isGreaterThan(0);
        assertThat(log.removed()).isEqualTo(offsets.startOffset());
        assertThat(log.bytes()).isLessThanOrEqualTo(4096 + 1024 + 1024);
        // As the memory log: a read from before the start begins at the start (HTTP says 416).
        var first = log.read("big", 0, 0, 1).orElseThrow();
        assertThat(first.startOffset()).isEqualTo(offsets.startOffset());
        assertThat(first.records())
                .extracting(e -> e.record())
                .containsExactly(record("big", 0, (int) offsets.startOffset()));
        assertThat(log.offsets("small", 0).orElseThrow().startOffset()).isZero();
    }

    @Test
    void retentionByAgeDeletesSegmentsLastWrittenTooLongAgo() throws IOException {
        var settings =
                settings()
                        .withSegmentBytes(1024)
                        .withRetention(Long.MAX_VALUE, Optional.of(Duration.ofDays(1)));
        open(settings);
        for (int i = 0; i < 100; i++) {
            log.append(record("old", 0, i));
        }
        Path dir = dataDir.resolve("topics/old-0");
        List<Path> segments;
        try (Stream<Path> files = Files.list(dir)) {
            segments = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(segments).hasSizeGreaterThan(3);
        var twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        for (Path s : segments.subList(0, 2)) {
            Files.setLastModifiedTime(s, twoDaysAgo);
        }
        log.enforceRetention();

        long thirdBase =
                Long.parseLong(segments.get(2).getFileName().toString().replace(".log", ""));
        assertThat(log.offsets("old", 0).orElseThrow().startOffset()).isEqualTo(thirdBase);
        assertThat(Files.exists(segments.get(0))).isFalse();
        assertThat(Files.exists(segments.get(2))).isTrue();
        assertThat(log.removed()).isEqualTo(thirdBase);
    }

    @Test
    void intervalFlushStillStoresAndReads() {
        open(settings().withFlush(new StorageSettings.Flush.Interval(Duration.ofMillis(50))));
        log.append(record("fast", 0, 0));
        assertThat(readAll("fast", 0)).containsExactly(record("fast", 0, 0));
    }

    @Test
    void anInterruptedThreadStoresAndLeavesTheFilesOpenForEveryoneElse() {
        open(settings());
        // A plugin deadline interrupts the calling thread, which then stores the records.
        Thread.currentThread().interrupt();
        try {
            assertThat(log.append(record("irq", 0, 0))).isZero();
            assertThat(log.read("irq", 0, 0, 10).orElseThrow().records()).hasSize(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(log.append(record("irq", 0, 1))).isEqualTo(1);
        assertThat(readAll("irq", 0)).containsExactly(record("irq", 0, 0), record("irq", 0, 1));
    }

    @Test
    void concurrentRequestsAcrossSharedPartitionsGetEveryOffsetOnce() throws Exception {
        open(settings().withSegmentBytes(4096));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        var futures = new ArrayList<java.util.concurrent.Future<?>>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(
                    pool.submit(
                            () -> {
                                for (int i = 0; i < 100; i++) {
                                    int id = thread * 1000 + i;
                                    // Threads name the partitions in opposite orders: the locks
                                    // are still taken in one order, so none waits in a cycle.
                                    var pair =
                                            thread % 2 == 0
                                                    ? List.of(
                                                            record("x", 0, id), record("y", 0, id))
                                                    : List.of(
                                                            record("y", 0, id), record("x", 0, id));
                                    log.append(pair);
                                    log.read("x", 0, 0, 50);
                                }
                            }));
        }
        for (var f : futures) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (String topic : List.of("x", "y")) {
            var all = readAll(topic, 0);
            assertThat(all).hasSize(400).doesNotHaveDuplicates();
            assertThat(log.offsets(topic, 0).orElseThrow().highWatermark()).isEqualTo(400);
        }
        log.close();
        log = null;
        open(settings().withSegmentBytes(4096));
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(readAll("x", 0)).hasSize(400);
    }

    @Test
    void pipelinedAppendsOfOnePartitionAreVisibleOnceDurableAndKeepTheirOrder() throws Exception {
        open(settings().withSegmentBytes(4096));
        // Many batches written without waiting for the disk, as a connection pipelines them: each
        // gets its offsets at once, is readable only once its group commit has forced it, and all
        // complete, in order, with segments rolled on the way.
        var durable = new ArrayList<java.util.concurrent.CompletableFuture<Void>>();
        long expected = 0;
        for (int b = 0; b < 200; b++) {
            var batch = List.of(record("p", 0, 2 * b), record("p", 0, 2 * b + 1));
            var appending = log.appendPending(batch);
            assertThat(appending.offsets()).containsExactly(expected, expected + 1);
            expected += 2;
            long end = expected;
            // Never a batch visible before it is durable: the high watermark when it completes
            // already covers it, and no reader saw past what was durable.
            durable.add(
                    appending
                            .durable()
                            .thenRun(
                                    () ->
                                            assertThat(
                                                            log.offsets("p", 0)
                                                                    .orElseThrow()
                                                                    .highWatermark())
                                                    .isGreaterThanOrEqualTo(end)));
        }
        java.util.concurrent.CompletableFuture.allOf(
                        durable.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
        var all = readAll("p", 0);
        assertThat(all).hasSize(400);
        for (int i = 0; i < 400; i++) {
            assertThat(all.get(i).value().text()).isEqualTo("value " + i);
        }
        log.close();
        log = null;
        open(settings().withSegmentBytes(4096));
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(readAll("p", 0)).hasSize(400);
    }

    @Test
    void pipelinedAndSynchronousAppendsMixOnOnePartition() throws Exception {
        open(settings());
        var first = log.appendPending(List.of(record("m", 0, 0)));
        long[] second = log.append(List.of(record("m", 0, 1)));
        assertThat(second).containsExactly(1);
        // The synchronous append forced and published what was written before it too.
        assertThat(log.offsets("m", 0).orElseThrow().highWatermark()).isEqualTo(2);
        first.durable().get(30, java.util.concurrent.TimeUnit.SECONDS);
        var third = log.appendPending(List.of(record("m", 0, 2)));
        third.durable().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(readAll("m", 0))
                .extracting(r -> r.value().text())
                .containsExactly("value 0", "value 1", "value 2");
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused() {
        open(settings());
        assertThatThrownBy(() -> DiskLog.open(settings()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("another Sluice server is using data_dir " + dataDir);
    }

    @Test
    void partitionDirectoryNamesReadBackToTheirTopic() {
        for (var tp :
                List.of(
                        new TopicPartition("plain", 0),
                        new TopicPartition("with-dash-7", 12),
                        new TopicPartition("a/b%c ü ..", 1),
                        new TopicPartition("..", 0))) {
            String name = PartitionDirName.of(tp);
            assertThat(name).matches("[A-Za-z0-9._%-]+");
            assertThat(PartitionDirName.parse(name)).contains(tp);
        }
    }
}
