package dev.sluice.server.log.disk;

import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link DiskLog} does at startup: finishes any topic deletion a crash interrupted (its {@link
 * Tombstone} still pending), opens every partition directory, cuts each partition's last segment
 * after its last intact batch, then cuts the last batch of any request that is not on disk in every
 * partition it wrote to (a part in a deleted topic does not count as missing). Every cut is logged
 * and listed.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(DiskLog.class);

    private final Map<TopicPartition, DiskPartition> partitions = new HashMap<>();
    private final List<RecoveryCut> cuts;
    private final Map<String, Tombstone> tombstones;

    private Recovery(List<RecoveryCut> cuts, Map<String, Tombstone> tombstones) {
        this.cuts = cuts;
        this.tombstones = tombstones;
    }

    /** The partitions under {@code root}, recovered; what was cut is added to {@code cuts}. */
    static Map<TopicPartition, DiskPartition> run(
            Path root, long segmentBytes, List<RecoveryCut> cuts) throws IOException {
        var recovery = new Recovery(cuts, Tombstone.loadAll(root));
        List<Path> dirs;
        try (Stream<Path> list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        try {
            for (Path dir : dirs) {
                var key = PartitionDirName.parse(dir.getFileName().toString());
                if (key.isEmpty()) {
                    LOG.warn("storage: ignoring {}: not a partition directory (<topic>-<n>)", dir);
                    continue;
                }
                var tombstone = recovery.tombstones.get(key.get().topic());
                if (tombstone != null && tombstone.pending()) {
                    LOG.warn(
                            "storage: removing {}: its topic '{}' was being deleted when the"
                                    + " server stopped",
                            dir,
                            key.get().topic());
                    DiskPartition.deleteDirectory(dir);
                    continue;
                }
                recovery.partitions.put(
                        key.get(),
                        DiskPartition.recover(key.get(), dir, segmentBytes, recovery::report));
            }
            recovery.keepRequestsWhole();
            recovery.pruneTombstones(root);
        } catch (IOException | RuntimeException e) {
            for (var p : recovery.partitions.values()) {
                try {
                    p.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        recovery.partitions.values().forEach(DiskPartition::recoveryDone);
        return recovery.partitions;
    }

    /**
     * Cuts a partition's last batch when its request also wrote to a partition that does not have
     * its part; repeated until nothing changes (a cut can expose an earlier incomplete request only
     * after a power loss with {@code flush: interval}).
     */
    private void keepRequestsWhole() throws IOException {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var p : partitions.values()) {
                var scan = p.recovered();
                if (scan == null || scan.lastBatch() == null) {
                    continue;
                }
                for (var part : scan.lastBatch().parts()) {
                    var deleted = tombstones.get(part.partition().topic());
                    if (deleted != null && deleted.covers(p.key(), scan.lastBatch().baseOffset())) {
                        continue; // whole when that topic was deleted
                    }
                    var other = partitions.get(part.partition());
                    long end = other == null ? 0 : other.offsets().highWatermark();
                    if (end <= part.baseOffset()) {
                        var segment = p.cutRecoveredBatch();
                        report(
                                p.key(),
                                segment.file(),
                                scan.lastBatchPosition(),
                                scan.lastBatch().baseOffset(),
                                scan.validBytes() - scan.lastBatchPosition(),
                                "its request also wrote to "
                                        + part.partition()
                                        + " from offset "
                                        + part.baseOffset()
                                        + ", which is not on disk; a request is kept whole or not"
                                        + " at all");
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    /**
     * Finishes pending tombstones and drops their entries for partitions that are gone or have
     * stored a batch since the deletion (their last batch is then younger than it).
     */
    private void pruneTombstones(Path root) throws IOException {
        for (var t : tombstones.values()) {
            var kept =
                    t.done()
                            .retain(
                                    (tp, hwm) -> {
                                        var p = partitions.get(tp);
                                        return p != null && p.offsets().highWatermark() <= hwm;
                                    });
            if (!kept.equals(t)) {
                kept.save(root);
            }
        }
    }

    private void report(
            TopicPartition partition,
            Path file,
            long position,
            long offset,
            long bytes,
            String why) {
        cuts.add(new RecoveryCut(partition, file, position, offset, bytes, why));
        LOG.warn(
                "storage: recovery cut {} bytes from {} at byte {} ({} from offset {}): {}",
                bytes,
                file,
                position,
                partition,
                offset,
                why);
    }
}
