package dev.sluice.server.kafka.topic;

import dev.sluice.server.kafka.BrokerNode;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * Metadata: this one broker, leader of every partition with itself as the only replica, and the
 * topics asked for (all when none are named). A topic that does not exist is created when the
 * client allows it and {@code kafka.auto_create_topics} is on, as Kafka does; that is how a
 * producer's first send to a new topic creates it.
 */
public final class MetadataApi implements KafkaApi {

    private static final int UNKNOWN_OPERATIONS = Integer.MIN_VALUE;

    private final Topics topics;

    public MetadataApi(Topics topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.METADATA;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (MetadataRequestData) message;
        var broker = context.broker();
        var response =
                new MetadataResponseData()
                        .setThrottleTimeMs(0)
                        .setClusterId(broker.clusterId())
                        .setControllerId(broker.nodeId())
                        .setClusterAuthorizedOperations(UNKNOWN_OPERATIONS);
        response.brokers()
                .add(
                        new MetadataResponseBroker()
                                .setNodeId(broker.nodeId())
                                .setHost(broker.host())
                                .setPort(broker.port()));
        boolean all =
                request.topics() == null
                        || (context.apiVersion() == 0 && request.topics().isEmpty());
        if (all) {
            for (var topic : topics.catalog().all()) {
                response.topics().add(describe(topic, broker));
            }
        } else {
            for (var wanted : request.topics()) {
                response.topics().add(lookUp(wanted, request.allowAutoTopicCreation(), broker));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private MetadataResponseTopic lookUp(
            MetadataRequestData.MetadataRequestTopic wanted,
            boolean allowCreate,
            BrokerNode broker) {
        if (wanted.name() == null) {
            var byId = topics.catalog().get(wanted.topicId());
            return byId.map(t -> describe(t, broker))
                    .orElseGet(
                            () ->
                                    unknown(null, Errors.UNKNOWN_TOPIC_ID)
                                            .setTopicId(wanted.topicId()));
        }
        try {
            return topics.find(wanted.name(), allowCreate)
                    .map(t -> describe(t, broker))
                    .orElseGet(() -> unknown(wanted.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION));
        } catch (InvalidTopicException e) {
            return unknown(wanted.name(), Errors.INVALID_TOPIC_EXCEPTION);
        }
    }

    private static MetadataResponseTopic unknown(String name, Errors error) {
        return new MetadataResponseTopic()
                .setName(name)
                .setTopicId(Uuid.ZERO_UUID)
                .setErrorCode(error.code())
                .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
    }

    private static MetadataResponseTopic describe(TopicCatalog.Topic topic, BrokerNode broker) {
        var out =
                new MetadataResponseTopic()
                        .setName(topic.name())
                        .setTopicId(topic.id())
                        .setIsInternal(false)
                        .setTopicAuthorizedOperations(UNKNOWN_OPERATIONS);
        var node = List.of(broker.nodeId());
        for (int p = 0; p < topic.partitions(); p++) {
            out.partitions()
                    .add(
                            new MetadataResponsePartition()
                                    .setPartitionIndex(p)
                                    .setLeaderId(broker.nodeId())
                                    .setLeaderEpoch(0)
                                    .setReplicaNodes(node)
                                    .setIsrNodes(node)
                                    .setOfflineReplicas(List.of()));
        }
        return out;
    }
}
