package dev.sluice.kafka.connect;

import static dev.sluice.kafka.testing.RecordText.header;
import static dev.sluice.kafka.testing.RecordText.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kafka.testing.ConnectWorker;
import dev.sluice.kafka.testing.KafkaBroker;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformation in Connect's own runtime: a standalone worker (connect-runtime) on a real
 * broker runs a source connector whose records pass through content-filter and mask-digits.
 */
class SluiceConnectIT {

    @TempDir static Path dir;
    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = KafkaBroker.start(dir.resolve("kafka"));
        kafka.createTopics("lines");
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aSourcePipelineDeliversTransformedRecordsAndFiltersRejectedOnes() throws Exception {
        Path lines = dir.resolve("lines.txt");
        Files.write(
                lines,
                List.of("order 42", "my password is 1234", "card 1234 5678", "done"),
                StandardCharsets.UTF_8);
        Map<String, String> connector = new LinkedHashMap<>();
        connector.put("name", "lines");
        connector.put("connector.class", LinesSourceConnector.class.getName());
        connector.put("tasks.max", "1");
        connector.put("file", lines.toString());
        connector.put("topic", "lines");
        connector.put("transforms", "sluice");
        connector.put("transforms.sluice.type", SluiceTransformation.class.getName());
        connector.put(
                "transforms.sluice.plugins",
                Fixtures.example("sluice/content-filter-rust.wasm")
                        + ","
                        + Fixtures.example("sluice/mask-digits-rust.wasm"));

        try (ConnectWorker worker =
                ConnectWorker.startStandalone(dir.resolve("connect"), kafka, connector)) {
            List<ConsumerRecord<byte[], byte[]>> records =
                    kafka.read("lines", 3, Duration.ofSeconds(60));
            assertThat(records)
                    .as(() -> "the worker's log ends:\n" + worker.logTail())
                    .extracting(r -> text(r.value()))
                    .containsExactly("order ##", "card #### ####", "done");
            ConsumerRecord<byte[], byte[]> card = records.get(1);
            assertThat(text(card.key())).isEqualTo("line-2");
            assertThat(header(card, "masked-digits")).isEqualTo("8");
            // the connector's own INT32 header, kept as it was (the header converter writes "2")
            assertThat(header(card, "line")).isEqualTo("2");
            assertThat(header(records.get(2), "masked-digits")).isNull();
            assertThat(kafka.read("lines", 4, Duration.ofSeconds(1))).hasSize(3);
        }
    }
}
