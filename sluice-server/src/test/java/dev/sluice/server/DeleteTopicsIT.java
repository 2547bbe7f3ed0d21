package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients' {@code Admin.deleteTopics} against the server with durable storage: by name and by
 * id, the group's committed offsets for the topic dropped, the topic created again fresh by the
 * next produce, and none of it undone by a restart. (kcat cannot delete topics, so it is not here.)
 */
class DeleteTopicsIT {

    @TempDir Path dataDir;

    private SluiceServer server;
    private String bootstrap;

    private void start() {
        if (server != null) {
            server.close();
        }
        server = SluiceServer.start(TestSettings.withKafka(List.of(), dataDir));
        bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private KafkaProducer<String, String> producer() {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }

    private List<String> values(String topic, int partition, int atLeast) {
        try (var consumer = consumer("reader-" + Uuid.randomUuid())) {
            var tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            var out = new ArrayList<String>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
            return out;
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
            throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }

    @Test
    void deleteTopicsRemovesTheTopicItsRecordsAndItsCommittedOffsetsForGood() throws Exception {
        start();
        var doomed0 = new TopicPartition("doomed", 0);
        var survivor0 = new TopicPartition("survivor", 0);
        try (var admin = admin();
                var producer = producer()) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("doomed", 2, (short) 1),
                                    new NewTopic("survivor", 1, (short) 1)))
                    .all()
                    .get();
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("doomed", i % 2, "k", "old " + i)).get();
                producer.send(new ProducerRecord<>("survivor", 0, "k", "kept " + i)).get();
            }
            try (var consumer = consumer("readers")) {
                consumer.commitSync(
                        Map.of(
                                doomed0,
                                new OffsetAndMetadata(2),
                                new TopicPartition("doomed", 1),
                                new OffsetAndMetadata(1),
                                survivor0,
                                new OffsetAndMetadata(3)));
            }
            assertThat(committed(admin, "readers")).hasSize(3);

            admin.deleteTopics(List.of("doomed")).all().get();

            assertThat(admin.listTopics().names().get())
                    .contains("survivor")
                    .doesNotContain("doomed");
            assertThat(committed(admin, "readers")).containsOnlyKeys(survivor0);
            assertThatThrownBy(() -> admin.deleteTopics(List.of("doomed")).all().get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(UnknownTopicOrPartitionException.class);

            // The same producer goes on: the topic is created again, from offset 0.
            assertThat(producer.send(new ProducerRecord<>("doomed", 0, "k", "new")).get().offset())
                    .isZero();
        }
        assertThat(values("doomed", 0, 1)).containsExactly("new");

        start();
        try (var admin = admin()) {
            assertThat(values("doomed", 0, 1)).containsExactly("new");
            assertThat(server.topics().offsets("doomed", 1)).isEmpty();
            assertThat(values("survivor", 0, 4))
                    .containsExactly("kept 0", "kept 1", "kept 2", "kept 3");
            assertThat(committed(admin, "readers")).containsOnlyKeys(survivor0);
            assertThat(committed(admin, "readers").get(survivor0).offset()).isEqualTo(3);
        }
    }

    @Test
    void deleteTopicsByIdAndAnUnknownIdFailsAlone() throws Exception {
        start();
        try (var admin = admin()) {
            admin.createTopics(List.of(new NewTopic("by-id", 3, (short) 1))).all().get();
            try (var producer = producer()) {
                producer.send(new ProducerRecord<>("by-id", 2, "k", "v")).get();
            }
            Uuid id =
                    admin.describeTopics(List.of("by-id"))
                            .allTopicNames()
                            .get()
                            .get("by-id")
                            .topicId();

            admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();

            assertThat(admin.listTopics().names().get()).doesNotContain("by-id");
            assertThat(server.topics().partitions()).isEmpty();
            assertThatThrownBy(
                            () ->
                                    admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id)))
                                            .all()
                                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(UnknownTopicIdException.class);
        }
    }
}
