package dev.sluice.server.kafka.topic;

import dev.sluice.record.Bytes;
import dev.sluice.record.Partitioner;
import dev.sluice.record.Record;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a record a plugin emitted without a partition goes, as Kafka's default partitioner would
 * put it: a keyed record by the murmur2 hash of its key over the topic's partitions; an unkeyed one
 * in its input's partition when that exists in the topic (so a transform keeps the producer's
 * choice), else partition 0. A topic not created yet gets {@code kafka.default_partitions}.
 */
public final class KafkaPartitioner implements Partitioner {

    private final TopicCatalog topics;
    private final int defaultPartitions;

    public KafkaPartitioner(TopicCatalog topics, int defaultPartitions) {
        this.topics = topics;
        this.defaultPartitions = defaultPartitions;
    }

    @Override
    public int partition(String topic, Bytes key, Record input) {
        int count = topics.get(topic).map(TopicCatalog.Topic::partitions).orElse(defaultPartitions);
        if (key != null) {
            return Utils.toPositive(Utils.murmur2(key.toByteArray())) % count;
        }
        return input.partition() < count ? input.partition() : 0;
    }
}
