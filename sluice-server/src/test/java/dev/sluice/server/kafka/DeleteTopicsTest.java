package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.record.Record;
import dev.sluice.server.config.KafkaSettings;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.log.TopicLog;
import dev.sluice.server.metrics.ServerMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DeleteTopics through the broker's registered APIs on a memory log: by name and by id, the errors
 * per topic, and what Metadata, ListOffsets and Fetch answer for the deleted topic.
 */
class DeleteTopicsTest {

    private final TopicLog log = new TopicLog(Long.MAX_VALUE);
    private Sluice sluice;
    private KafkaApis apis;

    @BeforeEach
    void start() {
        sluice = Sluice.builder().build();
        var broker = new KafkaBroker(KafkaSettings.on(0), Optional.empty());
        apis =
                broker.apis(
                        new ProducePath(sluice, log, new ServerMetrics(), broker::onStored), log);
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    private ApiMessage call(ApiKeys key, int version, ApiMessage request) {
        var context =
                new RequestContext(
                        new RequestHeader(key, (short) version, "test", 1),
                        null,
                        1,
                        new BrokerNode(0, "localhost", 9092, "cluster"));
        var response = apis.find(key).orElseThrow().handle(context, request).join();
        // Encodable at the request's version, as the listener will encode it.
        var cache = new ObjectSerializationCache();
        var buffer = ByteBuffer.allocate(response.size(cache, (short) version));
        response.write(new ByteBufferAccessor(buffer), cache, (short) version);
        return response;
    }

    private Uuid create(String topic, int partitions) {
        var request = new CreateTopicsRequestData().setTimeoutMs(1000);
        request.topics()
                .add(
                        new CreateTopicsRequestData.CreatableTopic()
                                .setName(topic)
                                .setNumPartitions(partitions)
                                .setReplicationFactor((short) 1));
        var response = (CreateTopicsResponseData) call(ApiKeys.CREATE_TOPICS, 7, request);
        assertThat(response.topics().find(topic).errorCode()).isZero();
        return response.topics().find(topic).topicId();
    }

    private List<DeletableTopicResult> delete(int version, DeleteTopicsRequestData request) {
        return List.copyOf(
                ((DeleteTopicsResponseData) call(ApiKeys.DELETE_TOPICS, version, request))
                        .responses());
    }

    private short listOffsetsError(String topic) {
        var request = new ListOffsetsRequestData().setReplicaId(-1);
        var t = new ListOffsetsRequestData.ListOffsetsTopic().setName(topic);
        t.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setTimestamp(-1));
        request.topics().add(t);
        var response = (ListOffsetsResponseData) call(ApiKeys.LIST_OFFSETS, 9, request);
        return response.topics().get(0).partitions().get(0).errorCode();
    }

    private FetchResponseData.PartitionData fetch(String topic) {
        var request = new FetchRequestData().setMaxWaitMs(0).setMaxBytes(1 << 20);
        var t = new FetchRequestData.FetchTopic().setTopic(topic);
        t.partitions()
                .add(
                        new FetchRequestData.FetchPartition()
                                .setPartition(0)
                                .setFetchOffset(0)
                                .setPartitionMaxBytes(1 << 20));
        request.topics().add(t);
        var response = (FetchResponseData) call(ApiKeys.FETCH, 12, request);
        return response.responses().get(0).partitions().get(0);
    }

    @Test
    void aTopicDeletedByNameIsGoneForMetadataListOffsetsAndFetch() {
        create("doomed", 2);
        log.append(List.of(Record.of("doomed", 0, "k", "v"), Record.of("doomed", 1, "k", "w")));
        assertThat(listOffsetsError("doomed")).isZero();
        assertThat(fetch("doomed").records().sizeInBytes()).isPositive();

        var results =
                delete(
                        6,
                        new DeleteTopicsRequestData()
                                .setTopics(List.of(new DeleteTopicState().setName("doomed"))));

        assertThat(results)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.errorCode()).isZero();
                            assertThat(r.name()).isEqualTo("doomed");
                        });
        assertThat(log.partitions()).isEmpty();
        assertThat(listOffsetsError("doomed")).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        assertThat(fetch("doomed").errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        var metadata =
                (MetadataResponseData)
                        call(ApiKeys.METADATA, 12, new MetadataRequestData().setTopics(null));
        assertThat(metadata.topics()).isEmpty();

        // Created again: fresh, from offset 0.
        create("doomed", 1);
        assertThat(log.append(Record.of("doomed", 0, "k", "again"))).isZero();
    }

    @Test
    void aTopicDeletedByIdIsAnsweredWithItsNameAndUnknownIdsAndNamesFailAlone() {
        Uuid id = create("by-id", 1);
        create("kept", 1);

        var results =
                delete(
                        6,
                        new DeleteTopicsRequestData()
                                .setTopics(
                                        List.of(
                                                new DeleteTopicState().setTopicId(id),
                                                new DeleteTopicState()
                                                        .setTopicId(Uuid.randomUuid()),
                                                new DeleteTopicState().setName("missing"),
                                                new DeleteTopicState()
                                                        .setName("kept")
                                                        .setTopicId(id),
                                                new DeleteTopicState())));

        assertThat(results)
                .extracting(DeletableTopicResult::errorCode)
                .containsExactly(
                        Errors.NONE.code(),
                        Errors.UNKNOWN_TOPIC_ID.code(),
                        Errors.UNKNOWN_TOPIC_OR_PARTITION.code(),
                        Errors.INVALID_REQUEST.code(),
                        Errors.INVALID_REQUEST.code());
        assertThat(results.get(0).name()).isEqualTo("by-id");
        assertThat(results.get(0).topicId()).isEqualTo(id);
        assertThat(listOffsetsError("kept")).isZero();
    }

    @Test
    void olderVersionsDeleteByNameAndEncode() {
        for (int version = 1; version <= 5; version++) {
            create("old-" + version, 1);
            var results =
                    delete(
                            version,
                            new DeleteTopicsRequestData()
                                    .setTopicNames(List.of("old-" + version, "nope")));
            assertThat(results)
                    .extracting(DeletableTopicResult::errorCode)
                    .as("v%d", version)
                    .containsExactly(Errors.NONE.code(), Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        assertThat(apis.find(ApiKeys.DELETE_TOPICS).orElseThrow().maxVersion())
                .isEqualTo((short) 6);
    }
}
