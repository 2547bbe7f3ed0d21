package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.StorageSettings;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sluice-world plugins on the Kafka path: the JSON router and the digit masker see what a Kafka
 * producer sends, routed records land in their topics on the partition Kafka's default partitioner
 * picks for their key, and a batch with one record the router rejects is refused whole.
 */
class KafkaPluginsIT {

    @TempDir static Path dataDir;

    private static SluiceServer server;
    private static String bootstrap;

    @BeforeAll
    static void start() {
        var router = SluiceExamples.require("json-router-rust.wasm");
        var masker = SluiceExamples.require("mask-digits-rust.wasm");
        server =
                SluiceServer.start(
                        TestSettings.withPlugins(
                                        List.of(router, masker), StorageSettings.disk(dataDir))
                                .withKafka(KafkaSettings.on(0)));
        bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static KafkaProducer<String, String> producer(int lingerMs) {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, lingerMs + 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> read(
            String topic, int partitions, int count) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var tps = new ArrayList<TopicPartition>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            var out = new ArrayList<ConsumerRecord<String, String>>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    @Test
    void routedRecordsAreMaskedAndLandOnThePartitionTheirKeyHashesTo() throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1))).all().get();
        }
        int n = 40;
        try (var producer = producer(0)) {
            var sent = new ArrayList<Future<RecordMetadata>>();
            for (int i = 0; i < n; i++) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        "in",
                                        "customer-" + i,
                                        "{\"type\":\"order\",\"card\":\"4111 " + i + "\"}")));
            }
            sent.add(producer.send(new ProducerRecord<>("in", "r", "{\"type\":\"refund\"}")));
            for (var f : sent) {
                assertThat(f.get().offset())
                        .as("nothing is stored on the input topic, so no offset there")
                        .isEqualTo(-1);
            }
        }
        var orders = read("orders", 4, n);
        assertThat(orders).hasSize(n);
        for (var r : orders) {
            int expected =
                    Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % 4;
            assertThat(r.partition()).as(r.key()).isEqualTo(expected);
            assertThat(r.value()).startsWith("{\"type\":\"order\",\"card\":\"#### #");
            assertThat(
                            new String(
                                    r.headers().lastHeader("routed-from").value(),
                                    StandardCharsets.UTF_8))
                    .isEqualTo("in");
        }
        assertThat(orders).extracting(ConsumerRecord::partition).contains(0, 1, 2, 3);
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            assertThat(admin.listTopics().names().get()).contains("payments", "orders", "in");
        }
        assertThat(read("payments", 1, 1)).extracting(ConsumerRecord::key).containsExactly("r");
    }

    @Test
    void aBatchWithOneRejectedRecordIsRefusedWholeAndTheRejectedOneNamesThePlugin()
            throws Exception {
        long paymentsBefore = stored("payments");
        long ordersBefore = stored("orders");
        var sent = new ArrayList<Future<RecordMetadata>>();
        try (var producer = producer(10_000)) {
            sent.add(producer.send(new ProducerRecord<>("in-batch", "a", "{\"type\":\"order\"}")));
            sent.add(producer.send(new ProducerRecord<>("in-batch", "b", "not json")));
            sent.add(producer.send(new ProducerRecord<>("in-batch", "c", "{\"type\":\"refund\"}")));
            producer.flush();
        }
        assertThatThrownBy(() -> sent.get(1).get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("json-router-rust")
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> sent.get(0).get()).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> sent.get(2).get()).isInstanceOf(ExecutionException.class);
        assertThat(stored("payments"))
                .as("the refund in the refused batch was not routed either")
                .isEqualTo(paymentsBefore);
        assertThat(stored("orders")).isEqualTo(ordersBefore);
    }

    /** Records stored in a topic, all partitions (the other test may have stored some). */
    private static long stored(String topic) {
        return server.topics().partitions().stream()
                .filter(tp -> tp.topic().equals(topic))
                .mapToLong(
                        tp ->
                                server.topics()
                                        .offsets(topic, tp.partition())
                                        .orElseThrow()
                                        .highWatermark())
                .sum();
    }
}
