package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.kafka.topic.PerTopicState;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * OffsetCommit, versions 2–9 (10 names topics by id, which Sluice's topics do not have): answered
 * once the offsets are on disk. A deleted topic's committed offsets are dropped through it ({@link
 * PerTopicState}).
 */
final class OffsetCommitApi implements KafkaApi, PerTopicState {

    private final GroupOffsets offsets;

    OffsetCommitApi(GroupOffsets offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public short maxVersion() {
        return 9;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return offsets.commit((OffsetCommitRequestData) message).thenApply(r -> r);
    }

    @Override
    public CompletableFuture<Void> forget(String topic) {
        return offsets.forget(topic);
    }
}
