package dev.sluice.record;

/**
 * Chooses the partition of a record a plugin emitted without naming one (a {@code sluice:plugin}
 * output whose {@code partition} is none).
 */
@FunctionalInterface
public interface Partitioner {

    /**
     * @param topic the topic the output goes to
     * @param key its key, or null
     * @param input the record the plugin was given
     * @return a partition, zero or more
     */
    int partition(String topic, Bytes key, Record input);

    /**
     * The default: the input's partition. An embedder that knows how many partitions each topic has
     * (a Kafka broker) installs one that hashes the key.
     */
    Partitioner SAME_AS_INPUT = (topic, key, input) -> input.partition();
}
