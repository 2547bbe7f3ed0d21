package dev.sluice.kafka.streams;

import static dev.sluice.kafka.testing.RecordText.header;
import static dev.sluice.kafka.testing.RecordText.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.SluiceChain;
import dev.sluice.kafka.testing.KafkaBroker;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka Streams application on a real broker, with the example plugins content-filter (rejects
 * values containing "password"), mask-digits (masks digits, adds header masked-digits) and echo
 * (splits, routes and drops by a {@code verdict} header) in its processor.
 */
class SluiceStreamsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir static Path dir;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.start(dir);
        kafka.createTopics("orders", "orders-clean", "orders-dlq", "orders.echo");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void transformsRoutesSplitsDropsAndDeadLettersRecordsFromTopicToTopic() throws Exception {
        Map<String, String> settings =
                Map.of(
                        "plugins",
                        String.join(
                                ",",
                                Fixtures.example("sluice/content-filter-rust.wasm").toString(),
                                Fixtures.example("sluice/mask-digits-rust.wasm").toString(),
                                Fixtures.example("sluice/echo-rust.wasm").toString()));
        try (SluiceChain chain = SluiceChain.start(settings);
                KafkaStreams streams = start(chain)) {
            kafka.produce(
                    record("k1", "order 42", new RecordHeader("trace-id", bytes("abc"))),
                    record("k2", "my password is 1234"),
                    record("k3", "split 7", new RecordHeader("verdict", bytes("replace"))),
                    record("k4", "gone", new RecordHeader("verdict", bytes("drop"))),
                    record("k5", "last 9"));

            List<ConsumerRecord<byte[], byte[]>> clean = kafka.read("orders-clean", 3, WAIT);
            assertThat(clean)
                    .extracting(r -> text(r.value()))
                    .containsExactly("order ##", "split #", "last #");
            ConsumerRecord<byte[], byte[]> first = clean.get(0);
            assertThat(text(first.key())).isEqualTo("k1");
            assertThat(header(first, "trace-id")).isEqualTo("abc");
            assertThat(header(first, "masked-digits")).isEqualTo("2");

            // echo's first output is routed to "<topic>.echo", its value and key reversed.
            List<ConsumerRecord<byte[], byte[]>> routed = kafka.read("orders.echo", 1, WAIT);
            assertThat(routed).extracting(r -> text(r.value())).containsExactly("# tilps");
            assertThat(text(routed.get(0).key())).isEqualTo("3k");
            assertThat(header(routed.get(0), "echo")).isEqualTo("✓");

            List<ConsumerRecord<byte[], byte[]>> dead = kafka.read("orders-dlq", 1, WAIT);
            assertThat(dead)
                    .extracting(r -> text(r.value()))
                    .containsExactly("my password is 1234");
            assertThat(header(dead.get(0), SluiceProcessor.REJECTED_BY))
                    .isEqualTo("content-filter-rust");
            assertThat(header(dead.get(0), SluiceProcessor.REASON))
                    .isEqualTo("rejected: value contains a password");
            assertThat(chain.rejectedCount()).isEqualTo(1);

            // Nothing more arrived: "gone" was dropped, the rejected record went to the DLQ only.
            assertThat(kafka.read("orders-clean", 4, Duration.ofSeconds(1))).hasSize(3);
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static KafkaStreams start(SluiceChain chain) throws InterruptedException {
        SluiceProcessorSupplier sluice =
                new SluiceProcessorSupplier(chain, "orders-clean")
                        .withDeadLetterTopic("orders-dlq");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("orders", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(sluice)
                .to(sluice.topics(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sluice-streams-it");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("streams").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        streams.start();
        Instant deadline = Instant.now().plus(WAIT);
        while (streams.state() != KafkaStreams.State.RUNNING && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        return streams;
    }

    private static ProducerRecord<byte[], byte[]> record(
            String key, String value, Header... headers) {
        return new ProducerRecord<>("orders", null, bytes(key), bytes(value), List.of(headers));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
