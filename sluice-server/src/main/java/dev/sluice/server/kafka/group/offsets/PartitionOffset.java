package dev.sluice.server.kafka.group.offsets;

import dev.sluice.server.log.TopicPartition;

/** One partition's offset in a commit. */
public record PartitionOffset(TopicPartition partition, CommittedOffset committed) {}
