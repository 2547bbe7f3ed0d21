package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java producer and consumer from kafka-clients against the server's Kafka port, as a user runs
 * them: idempotent acks=all producers, every compression type, the Blink content filter rejecting a
 * record, the admin client creating a topic, and consumers reading by assign/seek.
 */
class KafkaClientsIT {

    @TempDir static Path dataDir;

    private static SluiceServer server;
    private static String bootstrap;

    @BeforeAll
    static void start() {
        server =
                SluiceServer.start(
                        TestSettings.withPlugins(
                                        List.of(Fixtures.example("blink/content-filter.wasm")),
                                        StorageSettings.disk(dataDir))
                                .withKafka(KafkaSettings.on(0)));
        bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static KafkaProducer<String, String> producer(String compression) {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer() {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    /** Everything in the partition from offset 0 up to {@code count} records. */
    private static List<ConsumerRecord<String, String>> readAll(
            String topic, int partition, int count) {
        try (var consumer = consumer()) {
            var tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            var out = new ArrayList<ConsumerRecord<String, String>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void anIdempotentProducerStoresEveryRecordOnceWithEachCompression(String compression)
            throws Exception {
        String topic = "orders-" + compression;
        int n = 500;
        try (var producer = producer(compression)) {
            var sent = new ArrayList<Future<RecordMetadata>>();
            for (int i = 0; i < n; i++) {
                var record = new ProducerRecord<>(topic, "k" + i, "order " + i);
                record.headers().add("source", ("test-" + i).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(record));
            }
            producer.flush();
            for (int i = 0; i < n; i++) {
                assertThat(sent.get(i).get().offset()).isEqualTo(i);
            }
        }
        var read = readAll(topic, 0, n);
        assertThat(read).hasSize(n);
        for (int i = 0; i < n; i++) {
            var r = read.get(i);
            assertThat(r.offset()).isEqualTo(i);
            assertThat(r.key()).isEqualTo("k" + i);
            assertThat(r.value()).isEqualTo("order " + i);
            assertThat(new String(r.headers().lastHeader("source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("test-" + i);
        }
        // The same records through HTTP's reader: one log.
        assertThat(server.topics().offsets(topic, 0).orElseThrow().highWatermark()).isEqualTo(n);
    }

    @Test
    void aRejectedRecordFailsTheSendWithThePluginsNameAndNothingOfItsBatchIsStored()
            throws Exception {
        String topic = "filtered";
        try (var producer = producer("none")) {
            producer.send(new ProducerRecord<>(topic, "a", "fine")).get();
            var rejected = producer.send(new ProducerRecord<>(topic, "b", "my password is x"));
            assertThatThrownBy(rejected::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(InvalidRecordException.class)
                    .hasMessageContaining("content-filter");
            producer.send(new ProducerRecord<>(topic, "c", "also fine")).get();
        }
        var read = readAll(topic, 0, 2);
        assertThat(read).extracting(ConsumerRecord::value).containsExactly("fine", "also fine");
    }

    @Test
    void theAdminClientCreatesATopicWithPartitionsAndKeysSpreadOverThem() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("spread", 3, (short) 1))).all().get();
            assertThatThrownBy(
                            () ->
                                    admin.createTopics(
                                                    List.of(new NewTopic("spread", 3, (short) 1)))
                                            .all()
                                            .get())
                    .cause()
                    .isInstanceOf(TopicExistsException.class);
            var described = admin.describeTopics(List.of("spread")).allTopicNames().get();
            assertThat(described.get("spread").partitions()).hasSize(3);
        }
        try (var producer = producer("lz4")) {
            var partitions = new java.util.HashSet<Integer>();
            for (int i = 0; i < 30; i++) {
                partitions.add(
                        producer.send(new ProducerRecord<>("spread", "key-" + i, "v"))
                                .get()
                                .partition());
            }
            assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
        }
    }
}
