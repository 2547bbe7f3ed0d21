package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.config.StorageSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups as a user runs them: kafka-clients consumers with {@code group.protocol=classic}
 * share a topic's partitions, rebalance when one leaves or is killed, and resume from the offsets
 * they committed after the server restarts, even after a {@code kill -9}.
 */
class ConsumerGroupsIT {

    static final String TOPIC = "orders";
    static final int PARTITIONS = 4;

    @TempDir Path dir;

    static Properties consumerProps(String bootstrap, String group) {
        var p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        return p;
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(
                consumerProps(bootstrap, group),
                new StringDeserializer(),
                new StringDeserializer());
    }

    static void createTopic(String bootstrap) throws Exception {
        try (var admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        }
    }

    static void produce(String bootstrap, int from, int count) throws Exception {
        var p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "v" + i)).get();
            }
        }
    }

    /** Polls every consumer until {@code done} holds; fails after a minute. */
    static void pollUntil(List<KafkaConsumer<String, String>> consumers, BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited a minute for the group").isLessThan(deadline);
            for (var c : consumers) {
                c.poll(Duration.ofMillis(100));
            }
        }
    }

    private SluiceServer start() {
        return SluiceServer.start(
                TestSettings.withoutPlugins(
                                StorageSettings.disk(dir.resolve("data")),
                                dev.sluice.server.config.HttpSettings.defaults())
                        .withKafka(KafkaSettings.on(0)));
    }

    @Test
    void twoMembersShareThePartitionsAndTheOneLeftGetsAllWhenTheOtherLeaves() throws Exception {
        try (var server = start()) {
            String bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
            createTopic(bootstrap);
            produce(bootstrap, 0, 40);
            var a = consumer(bootstrap, "pair");
            var b = consumer(bootstrap, "pair");
            try {
                a.subscribe(List.of(TOPIC));
                pollUntil(List.of(a), () -> a.assignment().size() == PARTITIONS);
                b.subscribe(List.of(TOPIC));
                pollUntil(
                        List.of(a, b),
                        () -> a.assignment().size() == 2 && b.assignment().size() == 2);
                assertThat(a.assignment()).doesNotContainAnyElementsOf(b.assignment());

                try (var admin =
                        Admin.create(
                                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                    var described =
                            admin.describeConsumerGroups(List.of("pair")).all().get().get("pair");
                    assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                    assertThat(described.members()).hasSize(2);
                    assertThat(admin.listGroups().all().get())
                            .anySatisfy(g -> assertThat(g.groupId()).isEqualTo("pair"));
                }

                b.close(); // sends LeaveGroup
                pollUntil(List.of(a), () -> a.assignment().size() == PARTITIONS);
            } finally {
                a.close();
            }
        }
    }

    @Test
    void aKilledMemberIsRemovedAfterItsSessionTimeout() throws Exception {
        try (var server = start()) {
            String bootstrap = "127.0.0.1:" + server.kafkaPort().getAsInt();
            createTopic(bootstrap);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process other =
                    new ProcessBuilder(
                                    java,
                                    "-Xmx128m",
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    GroupMemberMain.class.getName(),
                                    bootstrap,
                                    "killed",
                                    TOPIC)
                            .redirectErrorStream(true)
                            .start();
            var a = consumer(bootstrap, "killed");
            try {
                var lines =
                        new BufferedReader(
                                new InputStreamReader(
                                        other.getInputStream(), StandardCharsets.UTF_8));
                waitForLine(lines, "assigned ");
                a.subscribe(List.of(TOPIC));
                pollUntil(List.of(a), () -> a.assignment().size() == 2);

                other.destroyForcibly().waitFor(); // SIGKILL: no LeaveGroup
                long killed = System.nanoTime();
                pollUntil(List.of(a), () -> a.assignment().size() == PARTITIONS);
                // Not before the 6 s session timeout ran out: the coordinator noticed, not a leave.
                assertThat(System.nanoTime() - killed).isGreaterThan(TimeUnit.SECONDS.toNanos(4));
            } finally {
                other.destroyForcibly();
                a.close();
            }
        }
    }

    private static void waitForLine(BufferedReader lines, String prefix) throws Exception {
        var seen = new ArrayList<String>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return;
            }
            seen.add(line);
        }
        throw new AssertionError("the member process ended before '" + prefix + "':\n" + seen);
    }

    @Test
    void committedOffsetsSurviveAKillNineOfTheServer() throws Exception {
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        "rest_address: 127.0.0.1\nplugin:\n  enabled: false\n"
                                + "data_dir: data\n");
        int port = ServerProcess.freePort();
        int kafkaPort = ServerProcess.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        var http = HttpClient.newHttpClient();
        Process first = ServerProcess.start(settings, port, kafkaPort, dir.resolve("first.log"));
        var committed = new java.util.HashMap<TopicPartition, Long>();
        try {
            ServerProcess.awaitHealthy(http, port, first, dir.resolve("first.log"));
            createTopic(bootstrap);
            produce(bootstrap, 0, 40);
            try (var c = consumer(bootstrap, "resume")) {
                c.subscribe(List.of(TOPIC));
                var seen = new ArrayList<ConsumerRecord<String, String>>();
                pollUntilRecords(c, seen, 40);
                // Commit half of each partition: offset 5 of 10.
                var offsets = new java.util.HashMap<TopicPartition, OffsetAndMetadata>();
                for (int p = 0; p < PARTITIONS; p++) {
                    offsets.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(5, "half"));
                    committed.put(new TopicPartition(TOPIC, p), 5L);
                }
                c.commitSync(offsets);
                // Answered: now the server dies without a chance to flush or close anything.
                first.destroyForcibly().waitFor();
            }
        } finally {
            first.destroyForcibly().waitFor();
        }

        Process second = ServerProcess.start(settings, port, kafkaPort, dir.resolve("second.log"));
        try {
            ServerProcess.awaitHealthy(http, port, second, dir.resolve("second.log"));
            try (var c = consumer(bootstrap, "resume")) {
                var found = c.committed(committed.keySet(), Duration.ofSeconds(30));
                for (var e : committed.entrySet()) {
                    assertThat(found.get(e.getKey()).offset()).isEqualTo(e.getValue());
                    assertThat(found.get(e.getKey()).metadata()).isEqualTo("half");
                }
                c.subscribe(List.of(TOPIC));
                var seen = new ArrayList<ConsumerRecord<String, String>>();
                pollUntilRecords(c, seen, 20);
                // The group resumes where it committed: offsets 5..9 of every partition.
                assertThat(seen).allSatisfy(r -> assertThat(r.offset()).isBetween(5L, 9L));
                assertThat(seen).hasSize(20);
            }
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    private static void pollUntilRecords(
            KafkaConsumer<String, String> c, List<ConsumerRecord<String, String>> seen, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < n) {
            assertThat(System.nanoTime()).as("waited a minute for records").isLessThan(deadline);
            c.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        // A moment more, so a record read twice would show.
        c.poll(Duration.ofMillis(500)).forEach(seen::add);
    }
}
