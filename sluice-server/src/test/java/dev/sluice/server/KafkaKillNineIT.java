package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process killed with SIGKILL while an idempotent Kafka producer (acks=all) sends:
 * after a restart every record the producer saw acknowledged is there, at the offset it was told.
 */
class KafkaKillNineIT {

    private static final String TOPIC = "kill-nine";

    @TempDir Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** offset → value of every record the producer's callback saw acknowledged. */
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();

    @Test
    void everyRecordAKafkaProducerSawAcknowledgedSurvivesKillNine() throws Exception {
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        "rest_address: 127.0.0.1\nplugin:\n  enabled: false\n"
                                + "storage:\n  segment_bytes: 64KiB\n");
        int port = ServerProcess.freePort();
        int kafkaPort = ServerProcess.freePort();
        Process first = ServerProcess.start(settings, port, kafkaPort, dir.resolve("first.log"));
        KafkaProducer<String, String> producer = null;
        try {
            ServerProcess.awaitHealthy(http, port, first, dir.resolve("first.log"));
            producer = producer(kafkaPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; acknowledged.size() < 1000 && System.nanoTime() < deadline; i++) {
                String value = "value-" + i;
                producer.send(
                        new ProducerRecord<>(TOPIC, value),
                        (metadata, error) -> {
                            if (error == null) {
                                acknowledged.put(metadata.offset(), value);
                            }
                        });
                if (i % 200 == 199) {
                    Thread.sleep(5); // keep a bounded backlog in the producer
                }
            }
            assertThat(acknowledged.size())
                    .as("records acknowledged before the kill")
                    .isGreaterThanOrEqualTo(1000);
        } finally {
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            first.waitFor(30, TimeUnit.SECONDS);
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
        }
        var before = Map.copyOf(acknowledged);

        Process second = ServerProcess.start(settings, port, kafkaPort, dir.resolve("second.log"));
        try {
            ServerProcess.awaitHealthy(http, port, second, dir.resolve("second.log"));
            var stored = readAll(kafkaPort);
            assertThat(stored).containsAllEntriesOf(before);
            try (var again = producer(kafkaPort)) {
                long offset = again.send(new ProducerRecord<>(TOPIC, "after")).get().offset();
                assertThat(offset).isEqualTo(stored.size());
            }
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static KafkaProducer<String, String> producer(int kafkaPort) {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static Map<Long, String> readAll(int kafkaPort) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (var consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var tp = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            var out = new HashMap<Long, String>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.put(r.offset(), r.value()));
            }
            return out;
        }
    }
}
