package dev.sluice.kafka.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kafka.SluiceChain;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/** The processor in Kafka's TopologyTestDriver (the real broker is in {@link SluiceStreamsIT}). */
class SluiceProcessorTest {

    private static final Consumed<byte[], byte[]> IN =
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
    private static final Produced<byte[], byte[]> OUT =
            Produced.with(Serdes.ByteArray(), Serdes.ByteArray());

    private static SluiceChain chain(String plugin) {
        return SluiceChain.start(Map.of("plugins", Fixtures.example(plugin).toString()));
    }

    private static TopologyTestDriver driver(StreamsBuilder builder) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sluice-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(builder.build(), props);
    }

    private static StreamsBuilder topology(SluiceProcessorSupplier sluice) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", IN).process(sluice).to(sluice.topics(), OUT);
        return builder;
    }

    @Test
    void aTombstonePassesAndARejectionWithoutDeadLetterTopicIsDroppedAndCounted() {
        try (SluiceChain chain = chain("sluice/content-filter-rust.wasm");
                TopologyTestDriver driver =
                        driver(topology(new SluiceProcessorSupplier(chain, "out")))) {
            TestInputTopic<byte[], byte[]> in = input(driver);
            in.pipeInput(bytes("k"), (byte[]) null);
            in.pipeInput(bytes("k"), bytes("my password"));
            in.pipeInput(bytes("k"), bytes("fine"));

            TestOutputTopic<byte[], byte[]> out =
                    driver.createOutputTopic(
                            "out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assertThat(out.readValuesToList())
                    .extracting(v -> v == null ? null : new String(v, StandardCharsets.UTF_8))
                    .containsExactly(null, "fine");
            assertThat(chain.rejectedCount()).isEqualTo(1);
        }
    }

    @Test
    void aPluginFailingClosedStopsTheRecordWithAStreamsExceptionNamingIt() {
        // blink-trap traps on every record of partition 0: five failures open its breaker, and
        // a failed plugin under on.error=reject makes the next record unavailable.
        try (SluiceChain chain =
                        SluiceChain.start(
                                Map.of(
                                        "plugins",
                                        Fixtures.testdata("blink-trap.wasm").toString()));
                TopologyTestDriver driver =
                        driver(topology(new SluiceProcessorSupplier(chain, "out")))) {
            TestInputTopic<byte[], byte[]> in = input(driver);
            for (int i = 0; i < 5; i++) {
                in.pipeInput(bytes("k"), bytes("v" + i));
            }
            assertThat(chain.rejectedCount()).isEqualTo(5);
            assertThatThrownBy(() -> in.pipeInput(bytes("k"), bytes("v5")))
                    .isInstanceOf(StreamsException.class)
                    .hasStackTraceContaining("plugin blink-trap: plugin failed");
        }
    }

    @Test
    void aSinkThatDoesNotFollowTheProcessorIsAnErrorSayingSo() {
        try (SluiceChain chain = chain("sluice/mask-digits-rust.wasm")) {
            SluiceProcessorSupplier sluice = new SluiceProcessorSupplier(chain, "out");
            StreamsBuilder builder = new StreamsBuilder();
            KStream<byte[], byte[]> stream = builder.stream("in", IN);
            stream.process(sluice).to("out", OUT);
            stream.to(sluice.topics(), OUT);
            try (TopologyTestDriver driver = driver(builder)) {
                assertThatThrownBy(() -> input(driver).pipeInput(bytes("k"), bytes("1")))
                        .hasStackTraceContaining("must directly follow the processor");
            }
        }
    }

    private static TestInputTopic<byte[], byte[]> input(TopologyTestDriver driver) {
        return driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
