package dev.sluice.server.kafka.topic;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics: a topic with the partitions asked for ({@code kafka.default_partitions} when the
 * client leaves it to the broker). Sluice is one node, so a replication factor above 1 is refused;
 * topic configs are accepted and not applied (retention is the server's, {@code storage:}).
 */
public final class CreateTopicsApi implements KafkaApi {

    /** More partitions than this in one topic is refused (each is a directory of files). */
    static final int MAX_PARTITIONS = 10_000;

    private final Topics topics;

    public CreateTopicsApi(Topics topics) {
        this.topics = topics;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (CreateTopicsRequestData) message;
        var response = new CreateTopicsResponseData().setThrottleTimeMs(0);
        for (var topic : request.topics()) {
            response.topics().add(create(topic, request.validateOnly()));
        }
        return CompletableFuture.completedFuture(response);
    }

    private CreatableTopicResult create(
            CreateTopicsRequestData.CreatableTopic topic, boolean validateOnly) {
        var result = new CreatableTopicResult().setName(topic.name());
        try {
            Topics.validate(topic.name());
        } catch (InvalidTopicException e) {
            return fail(result, Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
        }
        int partitions =
                !topic.assignments().isEmpty()
                        ? topic.assignments().size()
                        : topic.numPartitions() == -1
                                ? topics.defaultPartitions()
                                : topic.numPartitions();
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            return fail(
                    result,
                    Errors.INVALID_PARTITIONS,
                    "partitions must be from 1 to " + MAX_PARTITIONS + ", not " + partitions);
        }
        if (topic.replicationFactor() > 1) {
            return fail(
                    result,
                    Errors.INVALID_REPLICATION_FACTOR,
                    "Sluice is a single broker: replication factor 1 only, not "
                            + topic.replicationFactor());
        }
        if (topics.catalog().get(topic.name()).isPresent()) {
            return fail(
                    result,
                    Errors.TOPIC_ALREADY_EXISTS,
                    "topic '" + topic.name() + "' already exists");
        }
        result.setNumPartitions(partitions).setReplicationFactor((short) 1);
        if (validateOnly) {
            return result;
        }
        var created = topics.catalog().create(topic.name(), partitions);
        if (created.isEmpty()) {
            return fail(
                    result,
                    Errors.TOPIC_ALREADY_EXISTS,
                    "topic '" + topic.name() + "' already exists");
        }
        return result.setTopicId(created.get().id());
    }

    private static CreatableTopicResult fail(
            CreatableTopicResult result, Errors error, String message) {
        return result.setErrorCode(error.code())
                .setErrorMessage(message)
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1);
    }
}
