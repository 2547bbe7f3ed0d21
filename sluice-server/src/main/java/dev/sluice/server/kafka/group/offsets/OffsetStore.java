package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.config.StorageSettings;
import dev.sluice.server.log.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where consumer groups' committed offsets are kept: in {@code data_dir/groups/} when records are
 * on disk, in memory when they are too ({@code storage.type: memory}).
 *
 * <p>A commit is visible to {@link #offsets} only once it is as durable as the store makes it, so
 * an offset a client saw committed is never one a restart forgets.
 */
public sealed interface OffsetStore extends AutoCloseable permits MemoryOffsetStore, OffsetLog {

    /**
     * Stores one commit request's offsets of one group as one step (all or none survive a crash).
     *
     * @return completes once the offsets are stored (on disk: written, and forced when the flush
     *     policy says so); completes exceptionally when the disk refused them
     */
    CompletableFuture<Void> commit(String group, List<PartitionOffset> offsets);

    /** What the group committed, by partition (a snapshot). */
    Map<TopicPartition, CommittedOffset> offsets(String group);

    /** The groups with committed offsets. */
    Set<String> groups();

    @Override
    void close();

    /** The store the storage settings call for: beside the topics on disk, or in memory. */
    static OffsetStore open(StorageSettings storage) throws IOException {
        return switch (storage.type()) {
            case DISK -> OffsetLog.open(directory(storage.dataDir()), storage.flush());
            case MEMORY -> new MemoryOffsetStore();
        };
    }

    /** {@code data_dir/groups}. */
    static Path directory(Path dataDir) {
        return dataDir.resolve("groups");
    }
}
