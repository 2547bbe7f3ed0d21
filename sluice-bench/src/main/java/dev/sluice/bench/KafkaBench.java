package dev.sluice.bench;

import dev.sluice.kafka.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code sluice bench --kafka}: Apache Kafka (a KRaft broker of the kafka_2.13 jars, default
 * settings, in its own JVM) and the Sluice server (0, 1 and 3 plugins; flush every batch, its
 * default, and every second) side by side on loopback. Produce is the loop of {@code
 * kafka-producer-perf-test} with kafka-clients' defaults (one producer, 100-byte values, no key, no
 * throttle, latency from send to its callback); fetch is one consumer reading a topic from the
 * start.
 */
final class KafkaBench {

    /**
     * Records per produce round, measured rounds per row, the bytes the fetch rows read, the most
     * warm-up rounds a row may take, and how many producers send at once (perf-test runs one).
     */
    record Plan(int records, int rounds, long fetchBytes, int maxWarmUps, int producers) {

        static final Plan QUICK = new Plan(100_000, 3, 32L << 20, 4, 1);
        static final Plan FULL = new Plan(1_000_000, 3, 1L << 30, 5, 1);

        Plan {
            if (producers < 1) {
                throw new IllegalArgumentException(
                        "--producers takes 1 or more producers, not " + producers);
            }
        }

        Plan withProducers(int n) {
            return new Plan(records, rounds, fetchBytes, maxWarmUps, n);
        }
    }

    /**
     * Two consecutive warm-up rounds within this fraction of each other end the warm-up: the JITs
     * of both ends (and Kafka's page cache, Sluice's segment files) have settled enough that the
     * measured rounds are not a ramp.
     */
    static final double WARM_AGREEMENT = 0.10;

    /** One target: Apache Kafka or a Sluice chain with a flush policy. */
    record Target(String name, int plugins, String flush) {}

    /** A produce row: medians over rounds. */
    record ProduceRow(
            String target,
            String acks,
            Spread recordsPerSecond,
            Spread mbPerSecond,
            Spread p99Ms,
            int warmUpRounds,
            boolean warmUpSettled) {}

    /** A fetch row. */
    record FetchRow(String target, long records, double recordsPerSecond, double mbPerSecond) {}

    static final int VALUE_BYTES = 100;

    private final Plugins plugins;
    private final Path work;
    private final Plan plan;
    private final String java;

    KafkaBench(Plugins plugins, Path work, Plan plan, String java) {
        this.plugins = plugins;
        this.work = work;
        this.plan = plan;
        this.java = java;
    }

    Map<String, Object> run() throws Exception {
        var produce = new ArrayList<ProduceRow>();
        var fetch = new ArrayList<FetchRow>();
        var broker = Files.createTempDirectory(work, "kafka-broker-");
        // Kafka as its scripts start it (G1, C2, 1 GiB heap), not with the test JVM flags.
        try (var kafka = KafkaBroker.builder(broker).launcherJvmFlags().start()) {
            measure(
                    new Target("apache-kafka", 0, "log.flush default (page cache)"),
                    kafka.bootstrapServers(),
                    produce,
                    fetch);
        }
        Path jar = plugins.root().resolve("sluice-server/target/sluice-server-0.1.0-SNAPSHOT.jar");
        var chains =
                List.of(
                        List.<Path>of(),
                        List.of(plugins.rustFilter()),
                        List.of(
                                plugins.rustFilter(),
                                plugins.cFilter(),
                                plugins.rustFilterComponent()));
        for (String flush : List.of("every_batch", "{ interval: 1s }")) {
            for (var chain : chains) {
                int kafkaPort = BenchServer.freePort();
                try (var server =
                        BenchServer.startKafka(java, jar, work, chain, kafkaPort, flush)) {
                    measure(
                            new Target("sluice-" + server.plugins() + "p", chain.size(), flush),
                            "127.0.0.1:" + kafkaPort,
                            produce,
                            fetch);
                }
            }
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("plan", plan);
        result.put("kafkaJvmFlags", KafkaBroker.LAUNCHER_JVM_FLAGS);
        var sluiceFlags = new ArrayList<>(BenchMain.SLUICE_JVM_FLAGS);
        sluiceFlags.addAll(BenchServer.HEAP_FLAGS);
        result.put("sluiceJvmFlags", sluiceFlags);
        result.put("produce", produce);
        result.put("fetch", fetch);
        return result;
    }

    private void measure(
            Target target, String bootstrap, List<ProduceRow> produce, List<FetchRow> fetch)
            throws Exception {
        String name =
                target.name()
                        + (target.name().startsWith("sluice") ? " flush " + target.flush() : "");
        for (String acks : List.of("1", "all")) {
            String topic = "perf-acks-" + acks;
            int warmUps = 0;
            double previous = Double.NaN;
            boolean settled = false;
            while (!settled && warmUps < plan.maxWarmUps()) {
                double now =
                        produce(bootstrap, topic, acks, plan.records(), plan.producers())
                                .recordsPerSecond();
                warmUps++;
                settled = agree(previous, now);
                step(
                        String.format(
                                Locale.ROOT,
                                "%s acks=%s warm-up %d: %.0f records/s%s",
                                name,
                                acks,
                                warmUps,
                                now,
                                settled ? " (settled)" : ""));
                previous = now;
            }
            double[] rps = new double[plan.rounds()];
            double[] mbps = new double[plan.rounds()];
            double[] p99 = new double[plan.rounds()];
            for (int r = 0; r < plan.rounds(); r++) {
                var round = produce(bootstrap, topic, acks, plan.records(), plan.producers());
                rps[r] = round.recordsPerSecond();
                mbps[r] = round.recordsPerSecond() * VALUE_BYTES / (1 << 20);
                p99[r] = round.p99Ms();
                step(
                        String.format(
                                Locale.ROOT,
                                "%s acks=%s round %d: %.0f records/s, p99 %.1f ms",
                                name,
                                acks,
                                r + 1,
                                rps[r],
                                p99[r]));
            }
            produce.add(
                    new ProduceRow(
                            name,
                            acks,
                            Spread.of(rps),
                            Spread.of(mbps),
                            Spread.of(p99),
                            warmUps,
                            settled));
        }
        // Fetch: one topic filled to the plan's size with acks=1, then read from the start.
        int fetchRecords = (int) (plan.fetchBytes() / VALUE_BYTES);
        step(name + " filling " + (plan.fetchBytes() >> 20) + " MiB to fetch");
        produce(bootstrap, "fetch", "1", fetchRecords, 1);
        fetch.add(fetch(name, bootstrap, "fetch", fetchRecords));
    }

    /** What one produce round measured. */
    record ProduceRound(double recordsPerSecond, double p99Ms) {}

    /** Whether two warm-up rounds' throughputs are within {@link #WARM_AGREEMENT} of each other. */
    static boolean agree(double previous, double now) {
        return !Double.isNaN(previous)
                && Math.abs(now - previous) <= WARM_AGREEMENT * Math.max(now, previous);
    }

    /**
     * The perf-test loop: {@code send} as fast as the producer takes them, each callback recording
     * its latency, then {@code flush}; kafka-clients' defaults otherwise (batch.size 16384,
     * linger.ms 5, no compression; idempotence only with acks=all, as the client decides). With
     * {@code producers} above 1, that many producers (each its own connection and thread) share the
     * records and the throughput is all of them over the span from the first send to the last
     * flush.
     */
    static ProduceRound produce(
            String bootstrap, String topic, String acks, int records, int producers)
            throws Exception {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        acks);
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'x');
        long[] latencyNs = new long[records];
        var failure = new AtomicReference<Exception>();
        var clients = new ArrayList<KafkaProducer<byte[], byte[]>>();
        try {
            for (int p = 0; p < producers; p++) {
                var producer =
                        new KafkaProducer<>(
                                config, new ByteArraySerializer(), new ByteArraySerializer());
                clients.add(producer);
                // Metadata first (and the topic created on first use), outside the timed span.
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
            var start = new CountDownLatch(1);
            var threads = new ArrayList<Thread>();
            for (int p = 0; p < producers; p++) {
                var producer = clients.get(p);
                int from = (int) ((long) records * p / producers);
                int to = (int) ((long) records * (p + 1) / producers);
                var thread =
                        new Thread(
                                () -> {
                                    try {
                                        start.await();
                                        send(producer, topic, value, from, to, latencyNs, failure);
                                    } catch (InterruptedException e) {
                                        failure.compareAndSet(null, e);
                                    }
                                },
                                "bench-producer-" + p);
                thread.start();
                threads.add(thread);
            }
            long began = System.nanoTime();
            start.countDown();
            for (var thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - began;
            if (failure.get() != null) {
                throw new IllegalStateException(
                        "producing to " + bootstrap + " failed: " + failure.get(), failure.get());
            }
            return new ProduceRound(records / (elapsed / 1e9), percentile(latencyNs, 0.99) / 1e6);
        } finally {
            for (var producer : clients) {
                producer.close();
            }
        }
    }

    /** One producer's share, records {@code from} to {@code to}, then its flush. */
    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            byte[] value,
            int from,
            int to,
            long[] latencyNs,
            AtomicReference<Exception> failure) {
        for (int i = from; i < to; i++) {
            int index = i;
            long sent = System.nanoTime();
            producer.send(
                    new ProducerRecord<>(topic, value),
                    (metadata, e) -> {
                        latencyNs[index] = System.nanoTime() - sent;
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
        }
        producer.flush();
    }

    /** The {@code p} quantile (nearest rank) of {@code values}; sorts them. */
    static double percentile(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to take a percentile of");
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(p * values.length);
        return values[Math.max(0, rank - 1)];
    }

    private static FetchRow fetch(String name, String bootstrap, String topic, long records) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false");
        try (var consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long read = 0;
            long bytes = 0;
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (read < records && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    bytes += record.value().length;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            step(String.format(Locale.ROOT, "%s fetch: %d records in %.1f s", name, read, seconds));
            return new FetchRow(name, read, read / seconds, bytes / seconds / (1 << 20));
        }
    }

    /** The markdown table of produce and fetch rows, with ratios to Apache Kafka. */
    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> result) {
        var produce = (List<ProduceRow>) result.get("produce");
        var fetch = (List<FetchRow>) result.get("fetch");
        var md = new StringBuilder();
        md.append("| target | acks | records/s (median, min–max) | MB/s | p99 ms | × Kafka |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (var row : produce) {
            double kafka =
                    produce.stream()
                            .filter(
                                    r ->
                                            r.target().equals("apache-kafka")
                                                    && r.acks().equals(row.acks()))
                            .findFirst()
                            .map(r -> r.recordsPerSecond().median())
                            .orElse(Double.NaN);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %,.0f (%,.0f–%,.0f) | %.1f | %.1f | %.2f |%n",
                            row.target(),
                            row.acks(),
                            row.recordsPerSecond().median(),
                            row.recordsPerSecond().min(),
                            row.recordsPerSecond().max(),
                            row.mbPerSecond().median(),
                            row.p99Ms().median(),
                            row.recordsPerSecond().median() / kafka));
        }
        md.append("\n| fetch from | records | records/s | MB/s |\n|---|---:|---:|---:|\n");
        for (var row : fetch) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,.0f | %.1f |%n",
                            row.target(),
                            row.records(),
                            row.recordsPerSecond(),
                            row.mbPerSecond()));
        }
        return md.toString();
    }

    private static void step(String what) {
        System.err.println("sluice-bench: " + what);
    }
}
