package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sluice.Sluice;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.record.Record;
import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.log.TopicLog;
import dev.sluice.server.metrics.ServerMetrics;
import dev.sluice.testing.Fixtures;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every response the broker's APIs build can be encoded at every version they advertise: a field
 * newer than the request's version that is set to something other than its default (and is not
 * ignorable) would otherwise fail only when an older client (kcat) asks.
 */
class EveryVersionEncodesTest {

    private final TopicLog log = new TopicLog(Long.MAX_VALUE);
    private Sluice sluice;
    private KafkaApis apis;

    @BeforeEach
    void start() {
        sluice = Sluice.builder().build();
        sluice.load(
                Fixtures.example("blink/content-filter.wasm"),
                PluginSettings.builder().withMaxExecutionTime(Duration.ofSeconds(5)).build());
        sluice.enable("content-filter");
        var broker = new KafkaBroker(KafkaSettings.on(0), Optional.empty());
        apis =
                broker.apis(
                        new ProducePath(sluice, log, new ServerMetrics(), broker::onStored), log);
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    private void encodesAtEveryVersion(ApiKeys key, ApiMessage request) {
        var api = apis.find(key).orElseThrow();
        for (short v = api.minVersion(); v <= api.maxVersion(); v++) {
            var context =
                    new RequestContext(
                            new RequestHeader(key, v, "test", 1),
                            null,
                            1,
                            new BrokerNode(0, "localhost", 9092, "cluster"));
            var response = api.handle(context, (ApiMessage) request.duplicate()).join();
            var cache = new ObjectSerializationCache();
            var buffer = ByteBuffer.allocate(response.size(cache, v));
            short version = v;
            assertThatCode(() -> response.write(new ByteBufferAccessor(buffer), cache, version))
                    .as("%s v%d", key, v)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void produceWithARejectedRecord() {
        var request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000);
        var topic = new ProduceRequestData.TopicProduceData().setName("t");
        topic.partitionData()
                .add(
                        new ProduceRequestData.PartitionProduceData()
                                .setIndex(0)
                                .setRecords(
                                        MemoryRecords.withRecords(
                                                Compression.NONE,
                                                new SimpleRecord("my password".getBytes()))));
        request.topicData().add(topic);
        encodesAtEveryVersion(ApiKeys.PRODUCE, request);
        assertThat(log.size()).isZero();
    }

    @Test
    void metadataListOffsetsFetchAndCreateTopics() {
        var create = new CreateTopicsRequestData().setTimeoutMs(1000);
        create.topics()
                .add(
                        new CreateTopicsRequestData.CreatableTopic()
                                .setName("made")
                                .setNumPartitions(2)
                                .setReplicationFactor((short) 1));
        encodesAtEveryVersion(ApiKeys.CREATE_TOPICS, create);
        log.append(Record.of("made", 0, "k", "v"));

        encodesAtEveryVersion(
                ApiKeys.METADATA,
                new MetadataRequestData()
                        .setTopics(
                                List.of(
                                        new MetadataRequestData.MetadataRequestTopic()
                                                .setName("made"))));

        var offsets = new ListOffsetsRequestData().setReplicaId(-1);
        var t = new ListOffsetsRequestData.ListOffsetsTopic().setName("made");
        t.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setTimestamp(-1));
        offsets.topics().add(t);
        encodesAtEveryVersion(ApiKeys.LIST_OFFSETS, offsets);

        var fetch = new FetchRequestData().setMaxWaitMs(0).setMaxBytes(1 << 20);
        var ft = new FetchRequestData.FetchTopic().setTopic("made");
        ft.partitions()
                .add(
                        new FetchRequestData.FetchPartition()
                                .setPartition(0)
                                .setFetchOffset(0)
                                .setPartitionMaxBytes(1 << 20));
        fetch.topics().add(ft);
        encodesAtEveryVersion(ApiKeys.FETCH, fetch);
    }
}
