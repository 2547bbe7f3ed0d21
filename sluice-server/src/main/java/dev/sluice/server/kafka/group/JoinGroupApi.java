package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * JoinGroup: answered when the rebalance completes. From version 4 on a new member first gets its
 * id back with MEMBER_ID_REQUIRED, as Kafka does.
 */
final class JoinGroupApi implements KafkaApi {

    private final GroupCoordinator coordinator;

    JoinGroupApi(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.JOIN_GROUP;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (JoinGroupRequestData) message;
        short version = context.apiVersion();
        return coordinator
                .join(request, Callers.of(context), version >= 4)
                .thenApply(
                        response -> {
                            if (version < 7 && response.protocolName() == null) {
                                // Not nullable before version 7.
                                response.setProtocolName("");
                            }
                            return response;
                        });
    }
}
