package dev.sluice.server.kafka.topic;

import java.util.concurrent.CompletableFuture;

/**
 * State a Kafka API keeps per topic that must not outlive the topic: the idempotent producers'
 * sequence numbers, the consumer groups' committed offsets. A registered {@code KafkaApi} that also
 * implements this is told by DeleteTopics, so a topic created again under the same name starts with
 * none of it.
 */
public interface PerTopicState {

    /**
     * Drops what is kept for {@code topic}.
     *
     * @return completes once that is as durable as the state itself is
     */
    CompletableFuture<Void> forget(String topic);
}
