package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.BrokerNode;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;

/**
 * FindCoordinator: this broker coordinates every group. Versions 0–3 ask for one key, 4 and later
 * for a batch. Other coordinators (transactions, share groups) are not served: the client gets
 * INVALID_REQUEST saying so, rather than retrying a coordinator that will never come.
 */
final class FindCoordinatorApi implements KafkaApi {

    @Override
    public ApiKeys key() {
        return ApiKeys.FIND_COORDINATOR;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (FindCoordinatorRequestData) message;
        var broker = context.broker();
        var response = new FindCoordinatorResponseData();
        if (context.apiVersion() >= 4) {
            var coordinators = new ArrayList<Coordinator>();
            for (String key : request.coordinatorKeys()) {
                coordinators.add(coordinator(key, request.keyType(), broker));
            }
            return CompletableFuture.completedFuture(response.setCoordinators(coordinators));
        }
        var one = coordinator(request.key(), request.keyType(), broker);
        response.setErrorCode(one.errorCode()).setNodeId(one.nodeId()).setHost(one.host());
        response.setPort(one.port());
        if (context.apiVersion() >= 1) {
            response.setErrorMessage(one.errorMessage());
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Coordinator coordinator(String key, byte keyType, BrokerNode broker) {
        var c = new Coordinator().setKey(key);
        if (keyType != CoordinatorType.GROUP.id()) {
            return c.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage(
                            "Sluice coordinates consumer groups only; coordinator key type "
                                    + keyType
                                    + " ("
                                    + typeName(keyType)
                                    + ") is not served")
                    .setNodeId(-1)
                    .setHost("")
                    .setPort(-1);
        }
        return c.setErrorCode(Errors.NONE.code())
                .setNodeId(broker.nodeId())
                .setHost(broker.host())
                .setPort(broker.port());
    }

    private static String typeName(byte keyType) {
        for (var t : List.of(CoordinatorType.values())) {
            if (t.id() == keyType) {
                return t.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "unknown";
    }
}
