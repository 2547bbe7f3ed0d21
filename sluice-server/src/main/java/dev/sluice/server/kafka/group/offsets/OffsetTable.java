package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.log.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The committed offsets in memory, by group and partition; both stores read from one. */
final class OffsetTable {

    private final Map<String, Map<TopicPartition, CommittedOffset>> groups =
            new ConcurrentHashMap<>();

    /** Stores a commit; a {@link CommittedOffset#removal} removes (and a group left empty goes). */
    void apply(String group, List<PartitionOffset> offsets) {
        var table = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        boolean removed = false;
        for (var o : offsets) {
            if (o.committed().removes()) {
                table.remove(o.partition());
                removed = true;
            } else {
                table.put(o.partition(), o.committed());
            }
        }
        if (removed) {
            groups.computeIfPresent(group, (g, t) -> t.isEmpty() ? null : t);
        }
    }

    Map<TopicPartition, CommittedOffset> offsets(String group) {
        var table = groups.get(group);
        return table == null ? Map.of() : Map.copyOf(table);
    }

    Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    int size() {
        return groups.values().stream().mapToInt(Map::size).sum();
    }
}
