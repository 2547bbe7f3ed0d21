package dev.sluice.kafka.streams;

import dev.sluice.kafka.SluiceChain;
import dev.sluice.kafka.streams.internal.Destination;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * A Kafka Streams processor running a Sluice chain on each record, for topic-to-topic transforms:
 *
 * <pre>{@code
 * var sluice = new SluiceProcessorSupplier(chain, "orders-clean").withDeadLetterTopic("orders-dlq");
 * builder.stream("orders", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
 *         .process(sluice)
 *         .to(sluice.topics(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
 * }</pre>
 *
 * <ol>
 *   <li>Accepted: forwarded as it is, headers and all, to the output topic.
 *   <li>Replaced: each output forwarded in order, with the key, value, headers and timestamp the
 *       plugins gave it; to the output topic, or to the topic a plugin routed it to. Zero outputs
 *       drop the record.
 *   <li>Rejected: dropped, counted and logged; or, with a dead-letter topic, forwarded there as it
 *       came, with headers {@code sluice.rejected.by} (the plugin) and {@code sluice.reason}.
 *   <li>Unavailable (a plugin overloaded, or failed and failing closed): a {@code
 *       StreamsException}, for the application's {@code processing.exception.handler}.
 * </ol>
 *
 * A tombstone (null value) is forwarded to the output topic as it is. The partition a plugin names
 * is not used: the sink partitions by key, as Streams does. {@link #topics()} gives the sink's
 * topic for each record; that sink must directly follow the processor. Every processor of one
 * supplier shares the chain, which the application closes after {@code KafkaStreams.close()}.
 */
public final class SluiceProcessorSupplier
        implements ProcessorSupplier<byte[], byte[], byte[], byte[]> {

    private final SluiceChain chain;
    private final String outputTopic;
    private final Optional<String> deadLetterTopic;
    private final Destination destination;

    public SluiceProcessorSupplier(SluiceChain chain, String outputTopic) {
        this(chain, outputTopic, Optional.empty(), new Destination());
    }

    private SluiceProcessorSupplier(
            SluiceChain chain,
            String outputTopic,
            Optional<String> deadLetterTopic,
            Destination destination) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.outputTopic = Objects.requireNonNull(outputTopic, "outputTopic");
        this.deadLetterTopic = deadLetterTopic;
        this.destination = destination;
    }

    /** Rejected records go to {@code topic} instead of being dropped. */
    public SluiceProcessorSupplier withDeadLetterTopic(String topic) {
        return new SluiceProcessorSupplier(chain, outputTopic, Optional.of(topic), destination);
    }

    /** The sink's topic for each record the processor forwards. */
    public TopicNameExtractor<byte[], byte[]> topics() {
        return destination;
    }

    @Override
    public Processor<byte[], byte[], byte[], byte[]> get() {
        return new SluiceProcessor(chain, outputTopic, deadLetterTopic, destination);
    }
}
