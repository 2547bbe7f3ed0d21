package dev.sluice.server.log;

import java.util.Comparator;

/** One partition of one topic. */
public record TopicPartition(String topic, int partition) {

    /** The one order every log takes partition locks in, so two appends never wait in a cycle. */
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Override
    public String toString() {
        return topic + "/" + partition;
    }
}
