package dev.sluice.server.kafka.topic;

import java.util.Optional;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * The topic catalog with the broker's creation policy: which names are valid (Kafka's rules) and
 * whether a topic asked for is created on first use ({@code kafka.auto_create_topics}).
 */
public final class Topics {

    private final TopicCatalog catalog;
    private final boolean autoCreate;
    private final int defaultPartitions;

    public Topics(TopicCatalog catalog, boolean autoCreate, int defaultPartitions) {
        this.catalog = catalog;
        this.autoCreate = autoCreate;
        this.defaultPartitions = defaultPartitions;
    }

    public TopicCatalog catalog() {
        return catalog;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    /**
     * The topic, created with {@code kafka.default_partitions} if it does not exist, the broker
     * auto-creates and the client allows it.
     *
     * @throws InvalidTopicException if the name is not a valid Kafka topic name
     */
    public Optional<TopicCatalog.Topic> find(String name, boolean clientAllowsCreate) {
        var known = catalog.get(name);
        if (known.isPresent() || !autoCreate || !clientAllowsCreate) {
            return known;
        }
        validate(name);
        return Optional.of(catalog.ensure(name, defaultPartitions));
    }

    /**
     * @throws InvalidTopicException naming what is wrong with the name
     */
    public static void validate(String name) {
        Topic.validate(name);
    }
}
