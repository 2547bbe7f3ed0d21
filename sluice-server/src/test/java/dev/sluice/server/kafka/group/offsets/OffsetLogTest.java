package dev.sluice.server.kafka.group.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.config.StorageSettings.Flush;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OffsetLogTest {

    @TempDir Path dir;

    static List<PartitionOffset> offsets(String topic, long... byPartition) {
        var list = new ArrayList<PartitionOffset>();
        for (int p = 0; p < byPartition.length; p++) {
            list.add(
                    new PartitionOffset(
                            new TopicPartition(topic, p),
                            new CommittedOffset(byPartition[p], 3, "meta-" + p, 1000 + p)));
        }
        return list;
    }

    Path file() {
        return dir.resolve(OffsetLog.FILE);
    }

    @Test
    void committedOffsetsSurviveReopening() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            log.commit("g1", offsets("orders", 5, 7)).join();
            log.commit("g1", offsets("orders", 6)).join();
            log.commit(
                            "g2",
                            List.of(
                                    new PartitionOffset(
                                            new TopicPartition("päckchen", 0),
                                            new CommittedOffset(1, -1, null, 9))))
                    .join();
        }

        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.groups()).containsExactlyInAnyOrder("g1", "g2");
            var g1 = log.offsets("g1");
            assertThat(g1.get(new TopicPartition("orders", 0)).offset()).isEqualTo(6);
            assertThat(g1.get(new TopicPartition("orders", 1)))
                    .isEqualTo(new CommittedOffset(7, 3, "meta-1", 1001));
            assertThat(log.offsets("g2").get(new TopicPartition("päckchen", 0)))
                    .isEqualTo(new CommittedOffset(1, -1, null, 9));
        }
    }

    @Test
    void aStoredRemovalDropsTheOffsetAndAGroupLeftWithoutAnyAcrossReopening() throws IOException {
        var gone = new TopicPartition("deleted", 0);
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            log.commit("g1", offsets("deleted", 5)).join();
            log.commit("g1", offsets("kept", 7)).join();
            log.commit("g2", offsets("deleted", 9)).join();
            log.commit("g1", List.of(new PartitionOffset(gone, CommittedOffset.removal(2000))))
                    .join();
            log.commit("g2", List.of(new PartitionOffset(gone, CommittedOffset.removal(2000))))
                    .join();
            assertThat(log.offsets("g1")).containsOnlyKeys(new TopicPartition("kept", 0));
            assertThat(log.groups()).containsExactly("g1");
        }

        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.groups()).containsExactly("g1");
            assertThat(log.offsets("g1")).containsOnlyKeys(new TopicPartition("kept", 0));
        }
    }

    @Test
    void aTornLastCommitIsCutAndTheOnesBeforeItAreKept() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            log.commit("g", offsets("t", 10)).join();
            log.commit("g", offsets("t", 20)).join();
        }
        long whole = Files.size(file());
        try (var ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(whole - 5); // a crash in the middle of the second write
        }

        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.offsets("g").get(new TopicPartition("t", 0)).offset()).isEqualTo(10);
            log.commit("g", offsets("t", 30)).join();
        }
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.offsets("g").get(new TopicPartition("t", 0)).offset()).isEqualTo(30);
        }
    }

    @Test
    void aDamagedCommitIsNotBelieved() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            log.commit("g", offsets("t", 10)).join();
            log.commit("g", offsets("t", 20)).join();
        }
        long whole = Files.size(file());
        try (var ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            // flip a byte inside the second record's offset field
            ch.write(ByteBuffer.wrap(new byte[] {0x7f}), whole - 30);
        }

        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.offsets("g").get(new TopicPartition("t", 0)).offset()).isEqualTo(10);
        }
        assertThat(Files.size(file())).isLessThan(whole);
    }

    @Test
    void theFileIsRewrittenWhenMostOfItIsSuperseded() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.Interval(Duration.ofMillis(50)), 4096)) {
            for (int i = 0; i < 500; i++) {
                log.commit("g", offsets("t", i, i * 2L)).join();
            }
            assertThat(Files.size(file())).isLessThan(4096 * 4);
            assertThat(log.offsets("g").get(new TopicPartition("t", 1)).offset()).isEqualTo(998);
        }
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThat(log.offsets("g").get(new TopicPartition("t", 0)).offset()).isEqualTo(499);
            assertThat(log.offsets("g").get(new TopicPartition("t", 1)).offset()).isEqualTo(998);
        }
    }

    @Test
    void concurrentCommitsAreAllAnswered() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            var futures = new ArrayList<CompletableFuture<Void>>();
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 8; t++) {
                String group = "g" + t;
                var thread =
                        new Thread(
                                () -> {
                                    for (int i = 1; i <= 50; i++) {
                                        var f = log.commit(group, offsets("t", i));
                                        synchronized (futures) {
                                            futures.add(f);
                                        }
                                    }
                                });
                threads.add(thread);
                thread.start();
            }
            for (var thread : threads) {
                thread.join();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            for (int t = 0; t < 8; t++) {
                assertThat(log.offsets("g" + t).get(new TopicPartition("t", 0)).offset())
                        .isEqualTo(50);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirIsRefused() throws IOException {
        try (var log = OffsetLog.open(dir, new Flush.EveryBatch())) {
            assertThatThrownBy(() -> OffsetLog.open(dir, new Flush.EveryBatch()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("another server");
            assertThat(log.commit("g", offsets("t", 1))).succeedsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void aCommitAfterCloseFails() throws IOException {
        var log = OffsetLog.open(dir, new Flush.EveryBatch());
        log.close();

        assertThat(log.commit("g", offsets("t", 1))).isCompletedExceptionally();
    }
}
