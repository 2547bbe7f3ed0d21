package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.log.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Committed offsets kept in memory only, as records are with {@code storage.type: memory}. */
public final class MemoryOffsetStore implements OffsetStore {

    private final OffsetTable table = new OffsetTable();

    @Override
    public CompletableFuture<Void> commit(String group, List<PartitionOffset> offsets) {
        table.apply(group, offsets);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Map<TopicPartition, CommittedOffset> offsets(String group) {
        return table.offsets(group);
    }

    @Override
    public Set<String> groups() {
        return table.groups();
    }

    @Override
    public void close() {}
}
