package dev.sluice.server.kafka;

import dev.sluice.record.Partitioner;
import dev.sluice.record.StoredRecord;
import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.kafka.fetch.AppendSignal;
import dev.sluice.server.kafka.fetch.FetchApi;
import dev.sluice.server.kafka.fetch.ListOffsetsApi;
import dev.sluice.server.kafka.produce.ProduceApi;
import dev.sluice.server.kafka.topic.CreateTopicsApi;
import dev.sluice.server.kafka.topic.DeleteTopicsApi;
import dev.sluice.server.kafka.topic.KafkaPartitioner;
import dev.sluice.server.kafka.topic.MetadataApi;
import dev.sluice.server.kafka.topic.PerTopicState;
import dev.sluice.server.kafka.topic.TopicCatalog;
import dev.sluice.server.kafka.topic.Topics;
import dev.sluice.server.log.RecordLog;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka side of the server, in the order the server needs it: the topic catalog first (the
 * plugins' {@link #partitioner()} reads it), then {@link #onStored} once the log is open, then
 * {@link #start} serving the registered APIs once plugins and log are ready.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaSettings settings;
    private final Topics topics;
    private final AppendSignal signal = new AppendSignal();
    private final ScheduledExecutorService waits;
    private final String clusterId;
    private final List<KafkaApi> more = new ArrayList<>();
    private KafkaListener listener;

    /**
     * @param dataDir where the topic list is kept with durable storage; empty keeps it in memory
     */
    public KafkaBroker(KafkaSettings settings, java.util.Optional<Path> dataDir) {
        this.settings = settings;
        var catalog =
                dataDir.map(d -> TopicCatalog.open(d.resolve("kafka").resolve("topics.properties")))
                        .orElseGet(TopicCatalog::inMemory);
        this.topics =
                new Topics(catalog, settings.autoCreateTopics(), settings.defaultPartitions());
        // Stable per data_dir, so clients see one cluster across restarts.
        var seed = dataDir.map(d -> d.toAbsolutePath().toString()).orElse("sluice-in-memory");
        var uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
        this.clusterId =
                new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).toString();
        this.waits =
                Executors.newSingleThreadScheduledExecutor(
                        new DefaultThreadFactory("sluice-kafka-fetch", true));
    }

    /** Where a plugin's output without a partition goes: Kafka's default partitioner's choice. */
    public Partitioner partitioner() {
        return new KafkaPartitioner(topics.catalog(), settings.defaultPartitions());
    }

    /** Makes the partitions the log already holds known as topics (before {@link #start}). */
    public void seed(RecordLog log) {
        topics.catalog().seed(log.partitions());
    }

    /**
     * Records were stored (through any ingress): their topics become known with enough partitions,
     * and waiting fetches wake.
     */
    public void onStored(List<StoredRecord> stored) {
        for (var s : stored) {
            topics.catalog().ensure(s.record().topic(), s.record().partition() + 1);
        }
        signal.fire();
    }

    /** Adds APIs another package serves (the consumer groups'); call before {@link #start}. */
    public KafkaBroker withApis(List<? extends KafkaApi> apis) {
        more.addAll(apis);
        return this;
    }

    /**
     * The APIs this broker serves. Other packages' APIs (consumer groups) are registered here too.
     */
    KafkaApis apis(ProducePath path, RecordLog log) {
        var apis = new KafkaApis();
        apis.registerAll(ProduceApi.withInitProducerId(path, log, topics));
        apis.register(new FetchApi(log, topics.catalog(), signal, waits));
        apis.register(new ListOffsetsApi(log, topics.catalog()));
        apis.register(new MetadataApi(topics));
        apis.register(new CreateTopicsApi(topics));
        apis.registerAll(more);
        var perTopic =
                apis.all().stream()
                        .filter(PerTopicState.class::isInstance)
                        .map(PerTopicState.class::cast)
                        .toList();
        apis.register(new DeleteTopicsApi(topics, log, perTopic));
        return apis;
    }

    /**
     * Opens the port.
     *
     * @throws KafkaListener.ListenException if it cannot be bound
     */
    public void start(ProducePath path, RecordLog log, String address) {
        var options =
                new KafkaListener.Options(
                        address,
                        settings.port(),
                        settings.advertisedHost().orElseGet(() -> advertised(address)),
                        settings.maxRequestBytes(),
                        settings.idleTimeout(),
                        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        this.listener = KafkaListener.start(apis(path, log), options, clusterId);
    }

    /** The bound port; only after {@link #start}. */
    public int port() {
        return listener.port();
    }

    /** The bind address, unless it is every address: then this machine's name. */
    private static String advertised(String address) {
        if (!address.equals("0.0.0.0") && !address.equals("::")) {
            return address;
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        waits.shutdownNow();
    }
}
