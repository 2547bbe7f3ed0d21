package dev.sluice.kafka.streams.internal;

import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * The topic each record a Sluice processor forwards is for, handed to the sink's {@link
 * TopicNameExtractor}. Kafka Streams runs a forward to the end of the sub-topology on the thread
 * that forwards, so the processor sets the topic around each forward and the extractor of a sink
 * that directly follows it reads it there; nothing of it reaches the record's headers.
 */
public final class Destination implements TopicNameExtractor<byte[], byte[]> {

    private final ThreadLocal<String> current = new ThreadLocal<>();

    /** Forwards with {@code topic} as the destination. */
    public void forwardTo(String topic, Runnable forward) {
        current.set(topic);
        try {
            forward.run();
        } finally {
            current.remove();
        }
    }

    @Override
    public String extract(byte[] key, byte[] value, RecordContext recordContext) {
        String topic = current.get();
        if (topic == null) {
            throw new StreamsException(
                    "a record reached the sink of SluiceProcessorSupplier.topics() without passing"
                            + " through its Sluice processor (from topic "
                            + recordContext.topic()
                            + "): that sink must directly follow the processor"
                            + " (stream.process(supplier).to(supplier.topics()))");
        }
        return topic;
    }
}
