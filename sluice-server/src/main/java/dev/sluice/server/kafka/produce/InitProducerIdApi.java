package dev.sluice.server.kafka.produce;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

/**
 * InitProducerId for idempotent producers: a new producer id at epoch 0, or (a producer asking
 * again with its id, after a failed batch) the same id at the next epoch. Transactions are not
 * served: a transactional id is refused.
 */
final class InitProducerIdApi implements KafkaApi {

    private final ProducerStates producers;

    InitProducerIdApi(ProducerStates producers) {
        this.producers = producers;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (InitProducerIdRequestData) message;
        var response = new InitProducerIdResponseData().setThrottleTimeMs(0);
        if (request.transactionalId() != null) {
            response.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code())
                    .setProducerId(-1)
                    .setProducerEpoch((short) -1);
        } else if (request.producerId() >= 0 && request.producerEpoch() >= 0) {
            short next = (short) (request.producerEpoch() + 1);
            boolean exhausted = next < 0;
            response.setProducerId(exhausted ? producers.newProducerId() : request.producerId())
                    .setProducerEpoch(exhausted ? 0 : next);
        } else {
            response.setProducerId(producers.newProducerId()).setProducerEpoch((short) 0);
        }
        return CompletableFuture.completedFuture(response);
    }
}
