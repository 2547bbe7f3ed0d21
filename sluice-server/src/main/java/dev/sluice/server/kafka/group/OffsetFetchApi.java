package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * OffsetFetch, versions 1–9: one group before version 8, a batch of groups from 8 on. Topics left
 * out (null) mean every partition the group committed.
 */
final class OffsetFetchApi implements KafkaApi {

    private final GroupOffsets offsets;

    OffsetFetchApi(GroupOffsets offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public short maxVersion() {
        return 9; // 10 names topics by id
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (OffsetFetchRequestData) message;
        var response = new OffsetFetchResponseData();
        if (context.apiVersion() >= 8) {
            for (var g : request.groups()) {
                Map<String, List<Integer>> topics = null;
                if (g.topics() != null) {
                    topics = new LinkedHashMap<>();
                    for (var t : g.topics()) {
                        topics.put(t.name(), t.partitionIndexes());
                    }
                }
                response.groups().add(offsets.fetch(g.groupId(), topics));
            }
            return CompletableFuture.completedFuture(response);
        }
        Map<String, List<Integer>> topics = null;
        if (request.topics() != null) {
            topics = new LinkedHashMap<>();
            for (var t : request.topics()) {
                topics.put(t.name(), t.partitionIndexes());
            }
        }
        return CompletableFuture.completedFuture(
                single(offsets.fetch(request.groupId(), topics), context.apiVersion()));
    }

    /** The one group's answer in the shape of versions 1–7. */
    private static OffsetFetchResponseData single(OffsetFetchResponseGroup group, short version) {
        var response = new OffsetFetchResponseData();
        var topics = new ArrayList<OffsetFetchResponseTopic>();
        for (var t : group.topics()) {
            var topic = new OffsetFetchResponseTopic().setName(t.name());
            for (var p : t.partitions()) {
                topic.partitions()
                        .add(
                                new OffsetFetchResponsePartition()
                                        .setPartitionIndex(p.partitionIndex())
                                        .setCommittedOffset(p.committedOffset())
                                        .setCommittedLeaderEpoch(p.committedLeaderEpoch())
                                        .setMetadata(p.metadata())
                                        .setErrorCode(p.errorCode()));
            }
            topics.add(topic);
        }
        response.setTopics(topics);
        if (version >= 2) {
            response.setErrorCode(group.errorCode());
        } else if (group.errorCode() != Errors.NONE.code()) {
            // Version 1 has no group-level error: it would be lost, so answer it as a failure.
            throw Errors.forCode(group.errorCode()).exception();
        }
        return response;
    }
}
