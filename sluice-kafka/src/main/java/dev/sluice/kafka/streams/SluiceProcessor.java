package dev.sluice.kafka.streams;

import dev.sluice.kafka.SluiceChain;
import dev.sluice.kafka.streams.internal.Destination;
import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** One stream task's processor; see {@link SluiceProcessorSupplier} for what it does. */
final class SluiceProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final String REJECTED_BY = "sluice.rejected.by";
    static final String REASON = "sluice.reason";

    private final SluiceChain chain;
    private final String outputTopic;
    private final Optional<String> deadLetterTopic;
    private final Destination destination;
    private ProcessorContext<byte[], byte[]> context;

    SluiceProcessor(
            SluiceChain chain,
            String outputTopic,
            Optional<String> deadLetterTopic,
            Destination destination) {
        this.chain = chain;
        this.outputTopic = outputTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.destination = destination;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            forward(outputTopic, record);
            return;
        }
        // A record forwarded by a punctuator upstream has no source topic: the plugins see the
        // output topic's name instead.
        Optional<RecordMetadata> metadata = context.recordMetadata();
        String topic = metadata.map(RecordMetadata::topic).orElse(outputTopic);
        dev.sluice.record.Record input =
                dev.sluice.record.Record.builder(topic)
                        .partition(metadata.map(RecordMetadata::partition).orElse(0))
                        .key(record.key() == null ? null : Bytes.copyOf(record.key()))
                        .value(Bytes.copyOf(record.value()))
                        .headers(headers(record.headers()))
                        .timestamp(record.timestamp())
                        .build();
        Decision decision = chain.process(input);
        if (decision instanceof Decision.Accept) {
            forward(outputTopic, record);
        } else if (decision instanceof Decision.Replace replace) {
            for (dev.sluice.record.Record out : replace.records()) {
                String to = out.topic().equals(topic) ? outputTopic : out.topic();
                forward(to, toStreams(out));
            }
        } else if (decision instanceof Decision.Reject reject) {
            chain.noteRejected(topic, reject);
            if (deadLetterTopic.isPresent()) {
                Headers headers = new RecordHeaders(record.headers().toArray());
                headers.add(REJECTED_BY, reject.plugin().getBytes(StandardCharsets.UTF_8));
                headers.add(REASON, reject.reason().getBytes(StandardCharsets.UTF_8));
                forward(deadLetterTopic.get(), record.withHeaders(headers));
            }
        } else if (decision instanceof Decision.Unavailable unavailable) {
            throw new StreamsException(
                    "plugin "
                            + unavailable.plugin()
                            + ": "
                            + unavailable.error()
                            + ": "
                            + unavailable.reason()
                            + " (a record of topic "
                            + topic
                            + ")");
        } else {
            throw new IllegalStateException("a decision this processor does not know: " + decision);
        }
    }

    private void forward(String topic, Record<byte[], byte[]> record) {
        destination.forwardTo(topic, () -> context.forward(record));
    }

    /** Kafka's headers as Sluice's: a null value (which Kafka allows) becomes empty. */
    private static List<Header> headers(Headers headers) {
        List<Header> out = new ArrayList<>();
        for (org.apache.kafka.common.header.Header header : headers) {
            byte[] value = header.value();
            out.add(new Header(header.key(), value == null ? Bytes.EMPTY : Bytes.copyOf(value)));
        }
        return out;
    }

    private static Record<byte[], byte[]> toStreams(dev.sluice.record.Record out) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : out.headers()) {
            headers.add(header.key(), header.value().toByteArray());
        }
        return new Record<>(
                out.key() == null ? null : out.key().toByteArray(),
                out.value().toByteArray(),
                out.timestamp(),
                headers);
    }
}
