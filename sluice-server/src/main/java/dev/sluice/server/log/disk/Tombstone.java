package dev.sluice.server.log.disk;

import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.stream.Stream;

/**
 * The record that a topic was deleted, in {@code <data_dir>/topics/<topic>.deleted} (the topic
 * written as in {@link PartitionDirName}). Written, forced, before any file of the topic goes, so
 * that a crash in the middle of a deletion is finished by recovery ({@link #pending}) rather than
 * leaving some of the topic's partitions to come back.
 *
 * <p>It also keeps other topics' records: a request stored across topics leaves, in each
 * partition's batch, where its parts in the other partitions start ({@link Batch.Part}), and
 * recovery cuts a last batch whose part is not on disk. Once a topic is deleted its parts are gone
 * on purpose, so the tombstone lists, for every other partition, its high watermark when the topic
 * was deleted ({@link #wholeBefore}): a batch that starts below it was whole then (the deletion
 * forces every partition first), and recovery does not look for its parts in the deleted topic.
 * Entries go once their partition has had a batch stored after the deletion (or is gone itself),
 * and the file with the last of them.
 *
 * @param pending true while the topic's files are being removed
 * @param wholeBefore per other partition, its high watermark when the topic was deleted
 */
record Tombstone(String topic, boolean pending, Map<TopicPartition, Long> wholeBefore) {

    static final String SUFFIX = ".deleted";
    private static final String PENDING = "pending";

    Tombstone {
        wholeBefore = Map.copyOf(wholeBefore);
    }

    /** True when {@code batchBase}, in {@code partition}, started before this topic was deleted. */
    boolean covers(TopicPartition partition, long batchBase) {
        var before = wholeBefore.get(partition);
        return before != null && batchBase < before;
    }

    Tombstone done() {
        return new Tombstone(topic, false, wholeBefore);
    }

    /** This tombstone with the entries {@code keep} refuses removed. */
    Tombstone retain(BiPredicate<TopicPartition, Long> keep) {
        var left = new HashMap<TopicPartition, Long>();
        wholeBefore.forEach(
                (p, hwm) -> {
                    if (keep.test(p, hwm)) {
                        left.put(p, hwm);
                    }
                });
        return new Tombstone(topic, pending, left);
    }

    /** This tombstone and {@code other}'s entries together (the later deletion's marks win). */
    Tombstone plus(Map<TopicPartition, Long> other) {
        var all = new HashMap<>(wholeBefore);
        other.forEach((p, hwm) -> all.merge(p, hwm, Math::max));
        return new Tombstone(topic, pending, all);
    }

    static Path file(Path root, String topic) {
        return root.resolve(PartitionDirName.topic(topic) + SUFFIX);
    }

    /** Every tombstone under {@code root}, by topic. */
    static Map<String, Tombstone> loadAll(Path root) throws IOException {
        var out = new HashMap<String, Tombstone>();
        try (Stream<Path> list = Files.list(root)) {
            var files =
                    list.filter(Files::isRegularFile)
                            .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
                            .toList();
            for (var f : files) {
                var t = load(f);
                out.put(t.topic(), t);
            }
        }
        return out;
    }

    static Optional<Tombstone> load(Path root, String topic) throws IOException {
        var f = file(root, topic);
        return Files.exists(f) ? Optional.of(load(f)) : Optional.empty();
    }

    private static Tombstone load(Path f) throws IOException {
        String name = f.getFileName().toString();
        var topic =
                PartitionDirName.parse(name.substring(0, name.length() - SUFFIX.length()) + "-0")
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                f + " is not named <topic>" + SUFFIX + "; remove"))
                        .topic();
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        var marks = new HashMap<TopicPartition, Long>();
        for (var key : props.stringPropertyNames()) {
            if (key.equals(PENDING)) {
                continue;
            }
            var p = PartitionDirName.parse(key);
            try {
                marks.put(
                        p.orElseThrow(IllegalArgumentException::new),
                        Long.parseLong(props.getProperty(key)));
            } catch (IllegalArgumentException e) {
                throw new IOException(
                        f
                                + " has a bad line '"
                                + key
                                + "="
                                + props.getProperty(key)
                                + "' (expected <partition directory>=<offset>)",
                        e);
            }
        }
        return new Tombstone(topic, Boolean.parseBoolean(props.getProperty(PENDING)), marks);
    }

    /**
     * Writes this tombstone whole (new file, forced, moved over the old), or removes it when empty.
     */
    void save(Path root) throws IOException {
        var f = file(root, topic);
        if (!pending && wholeBefore.isEmpty()) {
            Files.deleteIfExists(f);
            DiskLog.syncDirectory(root);
            return;
        }
        var props = new Properties();
        if (pending) {
            props.setProperty(PENDING, "true");
        }
        wholeBefore.forEach((p, hwm) -> props.setProperty(PartitionDirName.of(p), hwm.toString()));
        var next = f.resolveSibling(f.getFileName() + ".next");
        try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            props.store(out, "topic deleted; <partition>=<its high watermark at the deletion>");
        }
        try (var channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(next, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        DiskLog.syncDirectory(root);
    }
}
