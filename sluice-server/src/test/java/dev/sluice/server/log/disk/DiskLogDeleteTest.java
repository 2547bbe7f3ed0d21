package dev.sluice.server.log.disk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.record.Record;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.log.StoredEntry;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a topic on disk, and what a restart makes of a deletion a crash interrupted. */
class DiskLogDeleteTest {

    @TempDir Path dataDir;

    private DiskLog log;

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.close();
        }
    }

    private void reopen() {
        if (log != null) {
            log.close();
        }
        log =
                DiskLog.open(
                        StorageSettings.disk(dataDir)
                                .withRetention(Long.MAX_VALUE, Optional.empty()));
    }

    private static Record record(String topic, int partition, String value) {
        return Record.builder(topic).partition(partition).value(value).timestamp(1L).build();
    }

    private List<String> values(String topic, int partition) {
        return log.read(topic, partition, 0, 1000).orElseThrow().records().stream()
                .map(StoredEntry::record)
                .map(Record::valueText)
                .toList();
    }

    private Path topics() {
        return dataDir.resolve("topics");
    }

    @Test
    void aDeletedTopicIsGoneFromDiskAndComesBackFreshFromOffsetZero() {
        reopen();
        log.append(List.of(record("gone", 0, "a"), record("gone", 1, "b"), record("kept", 0, "c")));
        log.append(record("gone", 0, "d"));

        assertThat(log.delete("gone")).isEqualTo(2);

        assertThat(log.partitions()).containsExactly(new TopicPartition("kept", 0));
        assertThat(log.read("gone", 0, 0, 10)).isEmpty();
        assertThat(log.offsets("gone", 1)).isEmpty();
        assertThat(topics().resolve("gone-0")).doesNotExist();
        assertThat(topics().resolve("gone-1")).doesNotExist();
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.delete("gone")).isZero();
        assertThat(log.append(record("gone", 0, "new"))).isZero();

        reopen();
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(values("gone", 0)).containsExactly("new");
        assertThat(log.offsets("gone", 1)).isEmpty();
        assertThat(values("kept", 0)).containsExactly("c");
    }

    @Test
    void aRequestThatAlsoWroteToADeletedTopicKeepsItsOtherRecordsAcrossRestarts() {
        reopen();
        log.append(record("deleted", 0, "pad"));
        // One request in both topics: kept/0's batch names deleted/0 from offset 1.
        log.append(List.of(record("kept", 0, "k1"), record("deleted", 0, "d1")));
        log.delete("deleted");
        // Re-created with fewer records than the old part's offset: still not kept/0's part.
        log.append(record("deleted", 0, "fresh"));

        reopen();
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(values("kept", 0)).containsExactly("k1");
        assertThat(values("deleted", 0)).containsExactly("fresh");
    }

    @Test
    void tombstonesGoOnceEveryPartitionTheyNameHasWrittenSince() {
        reopen();
        log.append(List.of(record("kept", 0, "k1"), record("deleted", 0, "d1")));
        log.delete("deleted");
        Path tombstone = topics().resolve("deleted" + Tombstone.SUFFIX);
        assertThat(tombstone).exists();

        reopen();
        assertThat(tombstone).as("kept/0's last batch still names deleted/0").exists();
        log.append(record("kept", 0, "k2"));

        reopen();
        assertThat(tombstone).doesNotExist();
        assertThat(values("kept", 0)).containsExactly("k1", "k2");
    }

    @Test
    void aCrashBetweenTheTombstoneAndTheRemovalIsFinishedByRecovery() throws IOException {
        reopen();
        log.append(record("deleted", 0, "d0"));
        log.append(
                List.of(
                        record("kept", 0, "k1"),
                        record("deleted", 0, "d1"),
                        record("deleted", 1, "e1")));
        log.close();
        log = null;
        // What delete("deleted") leaves when the server dies after the tombstone is forced and
        // one of the topic's two directories is removed.
        new Tombstone("deleted", true, Map.of(new TopicPartition("kept", 0), 1L)).save(topics());
        DiskPartition.deleteDirectory(topics().resolve("deleted-1"));

        reopen();
        assertThat(log.partitions()).containsExactly(new TopicPartition("kept", 0));
        assertThat(topics().resolve("deleted-0")).doesNotExist();
        assertThat(log.recoveryCuts()).isEmpty();
        assertThat(values("kept", 0)).containsExactly("k1");
        assertThat(Tombstone.load(topics(), "deleted").orElseThrow().pending()).isFalse();

        reopen();
        assertThat(log.partitions()).containsExactly(new TopicPartition("kept", 0));
        assertThat(values("kept", 0)).containsExactly("k1");
    }

    @Test
    void withoutItsTombstoneTheSameCrashWouldHaveCutTheOtherTopic() throws IOException {
        // The control for the test above: the cut recovery makes when no tombstone says why a
        // request's part is missing, so the tombstone is what keeps kept/0's record.
        reopen();
        log.append(record("deleted", 0, "d0"));
        log.append(List.of(record("kept", 0, "k1"), record("deleted", 0, "d1")));
        log.close();
        log = null;
        DiskPartition.deleteDirectory(topics().resolve("deleted-0"));

        reopen();
        assertThat(values("kept", 0)).isEmpty();
        assertThat(log.recoveryCuts())
                .singleElement()
                .satisfies(c -> assertThat(c.why()).contains("deleted/0"));
    }
}
