package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** Heartbeat: keeps a member's session; REBALANCE_IN_PROGRESS tells it to join again. */
final class HeartbeatApi implements KafkaApi {

    private final GroupCoordinator coordinator;

    HeartbeatApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.HEARTBEAT;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var error = coordinator.heartbeat((HeartbeatRequestData) message);
        return CompletableFuture.completedFuture(
                new HeartbeatResponseData().setErrorCode(error.code()));
    }
}
