package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** SyncGroup: the leader's assignment in, each member's share out (followers wait for it). */
final class SyncGroupApi implements KafkaApi {

    private final GroupCoordinator coordinator;

    SyncGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.SYNC_GROUP;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        return coordinator.sync((SyncGroupRequestData) message).thenApply(r -> r);
    }
}
