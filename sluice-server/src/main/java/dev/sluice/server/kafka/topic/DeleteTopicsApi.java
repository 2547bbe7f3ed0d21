package dev.sluice.server.kafka.topic;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.log.RecordLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeleteTopics, versions 1–6 (by name, and from version 6 by topic id): the topic's records go from
 * the log first (durably: see {@link RecordLog#delete}), then the topic from the catalog, then what
 * other APIs keep for it ({@link PerTopicState}). In that order a crash leaves at worst an empty
 * topic still listed, never a listed topic's records back. Answered per topic.
 */
public final class DeleteTopicsApi implements KafkaApi {

    private static final Logger LOG = LoggerFactory.getLogger(DeleteTopicsApi.class);

    private final Topics topics;
    private final RecordLog log;
    private final List<PerTopicState> states;

    public DeleteTopicsApi(Topics topics, RecordLog log, List<PerTopicState> states) {
        this.topics = topics;
        this.log = log;
        this.states = List.copyOf(states);
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (DeleteTopicsRequestData) message;
        var response = new DeleteTopicsResponseData().setThrottleTimeMs(0);
        var forgotten = new ArrayList<CompletableFuture<Void>>();
        for (String name : request.topicNames()) {
            response.responses().add(delete(name, Uuid.ZERO_UUID, forgotten));
        }
        for (var state : request.topics()) {
            response.responses().add(delete(state.name(), state.topicId(), forgotten));
        }
        return CompletableFuture.allOf(forgotten.toArray(CompletableFuture[]::new))
                .handle((ok, failure) -> response);
    }

    private DeletableTopicResult delete(
            String name, Uuid id, List<CompletableFuture<Void>> forgotten) {
        var result = new DeletableTopicResult().setName(name).setTopicId(id);
        boolean byId = !Uuid.ZERO_UUID.equals(id);
        if (byId == (name != null)) {
            return fail(
                    result, Errors.INVALID_REQUEST, "name a topic by its name or its id, not both");
        }
        var topic = byId ? topics.catalog().get(id) : topics.catalog().get(name);
        if (topic.isEmpty()) {
            return byId
                    ? fail(result, Errors.UNKNOWN_TOPIC_ID, "no topic has id " + id)
                    : fail(result, Errors.UNKNOWN_TOPIC_OR_PARTITION, "no topic '" + name + "'");
        }
        String topicName = topic.get().name();
        result.setName(topicName).setTopicId(topic.get().id());
        try {
            log.delete(topicName);
        } catch (RuntimeException e) {
            LOG.error("DeleteTopics: cannot delete topic '{}'", topicName, e);
            return fail(result, Errors.KAFKA_STORAGE_ERROR, e.getMessage());
        }
        topics.catalog().delete(topicName);
        for (var state : states) {
            forgotten.add(
                    state.forget(topicName)
                            .exceptionally(
                                    failure -> {
                                        // The topic is gone; its stale state only shadows a
                                        // topic created again under the name.
                                        LOG.error(
                                                "DeleteTopics: topic '{}' deleted, but {} could"
                                                        + " not drop what it kept for it",
                                                topicName,
                                                state.getClass().getSimpleName(),
                                                failure);
                                        return null;
                                    }));
        }
        LOG.info("kafka: topic '{}' deleted", topicName);
        return result;
    }

    private static DeletableTopicResult fail(
            DeletableTopicResult result, Errors error, String message) {
        return result.setErrorCode(error.code()).setErrorMessage(message);
    }
}
