package dev.sluice.kafka.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (the kafka_2.13 jars of the test class path) in KRaft mode, combined
 * broker and controller, one node, in a JVM of its own: free ports on 127.0.0.1, data under a
 * folder the caller owns, started and ready (the admin client sees the cluster) in under 30 s.
 * Replication factors are 1 and the first consumer-group rebalance does not wait.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start(tempDir)) {
 *     kafka.createTopics("in", "out");
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

    /** How long a start may take before it is an error. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** The JVM flags of {@link Builder#launcherJvmFlags()}: Kafka's own scripts' defaults. */
    public static final List<String> LAUNCHER_JVM_FLAGS = JavaProcess.KAFKA_LAUNCHER_FLAGS;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final JavaProcess process;
    private final String bootstrapServers;

    private KafkaBroker(JavaProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with the test defaults. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        return builder(dir).start();
    }

    /**
     * Starts a broker, {@code overrides} replacing or adding to the server properties (a benchmark
     * passes what it measures with).
     */
    public static KafkaBroker start(Path dir, Map<String, String> overrides)
            throws IOException, InterruptedException {
        return builder(dir).overrides(overrides).start();
    }

    /** A broker to start with data under {@code dir}; the test defaults unless told otherwise. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** How to start a broker. */
    public static final class Builder {

        private final Path dir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private boolean launcherJvmFlags;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Server properties replacing or adding to the test defaults. */
        public Builder overrides(Map<String, String> properties) {
            overrides.putAll(properties);
            return this;
        }

        /**
         * Runs the broker's JVM as Kafka's own scripts do (kafka-server-start.sh's 1 GiB heap,
         * kafka-run-class.sh's G1 and JIT flags) instead of the fast-starting test flags (768 MiB,
         * serial GC, C1 only): for benchmarks, where the test flags would slow Kafka down.
         */
        public Builder launcherJvmFlags() {
            launcherJvmFlags = true;
            return this;
        }

        public KafkaBroker start() throws IOException, InterruptedException {
            return KafkaBroker.start(
                    dir,
                    overrides,
                    launcherJvmFlags
                            ? JavaProcess.KAFKA_LAUNCHER_FLAGS
                            : JavaProcess.testFlags("768m"));
        }
    }

    private static KafkaBroker start(Path dir, Map<String, String> overrides, List<String> jvm)
            throws IOException, InterruptedException {
        int port = JavaProcess.freePort();
        int controllerPort = JavaProcess.freePort();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        Files.createDirectories(dir);
        Path config = dir.resolve("server.properties");
        write(config, props);
        String clusterId = Uuid.randomUuid().toString();
        JavaProcess process =
                JavaProcess.start(
                        "Kafka broker",
                        dir.resolve("broker.log"),
                        jvm,
                        KafkaBrokerMain.class,
                        config.toString(),
                        clusterId);
        KafkaBroker broker = new KafkaBroker(process, "127.0.0.1:" + port);
        try {
            long started = System.nanoTime();
            broker.awaitReady();
            LOG.info(
                    "Kafka broker ready at {} in {} ms",
                    broker.bootstrapServers,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | IOException | InterruptedException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    static void write(Path file, Map<String, String> props) throws IOException {
        Properties properties = new Properties();
        properties.putAll(props);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, null);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw process.died();
                }
                try {
                    admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException(
                                "Kafka broker not ready within "
                                        + START_TIMEOUT.toSeconds()
                                        + " s; its log ends:\n"
                                        + process.logTail(),
                                e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** An admin client of this broker; close it. */
    public Admin admin() {
        return Admin.create(
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG,
                        "test-admin-" + UUID.randomUUID()));
    }

    /** Creates topics of one partition each and waits until they exist. */
    public void createTopics(String... topics) throws ExecutionException, InterruptedException {
        Collection<NewTopic> created =
                List.of(topics).stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
        try (Admin admin = admin()) {
            admin.createTopics(created).all().get();
        }
    }

    /** Sends records and waits for the broker's acknowledgement of each (acks=all). */
    @SafeVarargs
    public final void produce(ProducerRecord<byte[], byte[]>... records)
            throws ExecutionException, InterruptedException {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all");
        try (Producer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    /**
     * Reads a topic (of one partition) from the start until it holds {@code count} records, or
     * {@code timeout} passed; returns what it read, so the caller's assertion says what is missing.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, int count, Duration timeout) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false");
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Instant deadline = Instant.now().plus(timeout);
            while (read.size() < count && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's log (stdout and stderr). */
    public Path log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
