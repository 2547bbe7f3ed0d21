package dev.sluice.server.kafka.produce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Sluice;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.kafka.BrokerNode;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.kafka.topic.TopicCatalog;
import dev.sluice.server.kafka.topic.Topics;
import dev.sluice.server.log.TopicLog;
import dev.sluice.server.metrics.ServerMetrics;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotent producers on the Produce API: duplicates, gaps, fenced epochs, acks=0. */
class IdempotentProduceTest {

    private final TopicLog log = new TopicLog(Long.MAX_VALUE);
    private Sluice sluice;
    private KafkaApi produce;
    private KafkaApi initProducerId;

    @BeforeEach
    void start() {
        sluice = Sluice.builder().build();
        var path = new ProducePath(sluice, log, new ServerMetrics());
        var apis =
                ProduceApi.withInitProducerId(
                        path, log, new Topics(TopicCatalog.inMemory(), true, 1));
        produce = apis.get(0);
        initProducerId = apis.get(1);
    }

    @AfterEach
    void stop() {
        sluice.close();
    }

    private static RequestContext context(ApiKeys key, short version) {
        return new RequestContext(
                new RequestHeader(key, version, "test", 1),
                null,
                1,
                new BrokerNode(0, "localhost", 9092, "c"));
    }

    private long newProducer() {
        var response =
                (InitProducerIdResponseData)
                        initProducerId
                                .handle(
                                        context(ApiKeys.INIT_PRODUCER_ID, (short) 4),
                                        new InitProducerIdRequestData()
                                                .setTransactionalId(null)
                                                .setTransactionTimeoutMs(60_000)
                                                .setProducerId(-1)
                                                .setProducerEpoch((short) -1))
                                .join();
        assertThat(response.errorCode()).isZero();
        return response.producerId();
    }

    private PartitionProduceResponse send(long producerId, short epoch, int sequence, int count) {
        return send((short) -1, producerId, epoch, sequence, count);
    }

    private PartitionProduceResponse send(
            short acks, long producerId, short epoch, int sequence, int count) {
        var records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("k" + i).getBytes(), ("v" + sequence).getBytes());
        }
        var batch =
                MemoryRecords.withIdempotentRecords(
                        Compression.NONE, producerId, epoch, sequence, records);
        var request = new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000);
        var topic = new TopicProduceData().setName("orders");
        topic.partitionData().add(new PartitionProduceData().setIndex(0).setRecords(batch));
        request.topicData().add(topic);
        var response =
                (ProduceResponseData)
                        produce.handle(context(ApiKeys.PRODUCE, (short) 11), request).join();
        if (response == null) {
            return null;
        }
        return response.responses().iterator().next().partitionResponses().get(0);
    }

    private long stored() {
        return log.offsets("orders", 0).map(o -> o.highWatermark()).orElse(0L);
    }

    @Test
    void aBatchSentAgainIsAnsweredWithItsFirstOffsetAndNotStoredTwice() {
        long producer = newProducer();
        assertThat(send(producer, (short) 0, 0, 3).baseOffset()).isZero();
        assertThat(send(producer, (short) 0, 3, 2).baseOffset()).isEqualTo(3);

        var again = send(producer, (short) 0, 0, 3);

        assertThat(again.errorCode()).isZero();
        assertThat(again.baseOffset()).isZero();
        assertThat(stored()).isEqualTo(5);
    }

    @Test
    void aBatchThatSkipsASequenceNumberIsRefusedAndNothingOfItIsStored() {
        long producer = newProducer();
        send(producer, (short) 0, 0, 3);

        var gap = send(producer, (short) 0, 5, 1);

        assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
        assertThat(gap.errorMessage()).contains("expected sequence 3");
        assertThat(stored()).isEqualTo(3);
        assertThat(send(producer, (short) 0, 3, 1).errorCode()).isZero();
    }

    @Test
    void anOlderEpochIsFencedAndANewEpochStartsAtSequenceZero() {
        long producer = newProducer();
        send(producer, (short) 1, 0, 2);

        assertThat(send(producer, (short) 0, 2, 1).errorCode())
                .isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        assertThat(send(producer, (short) 2, 0, 1).errorCode()).isZero();
        assertThat(stored()).isEqualTo(3);
    }

    @Test
    void twoProducersHaveTheirOwnSequences() {
        long one = newProducer();
        long two = newProducer();
        assertThat(two).isNotEqualTo(one);
        send(one, (short) 0, 0, 2);

        assertThat(send(two, (short) 0, 0, 2).baseOffset()).isEqualTo(2);
        assertThat(stored()).isEqualTo(4);
    }

    @Test
    void acksZeroGetsNoResponseButIsStored() {
        assertThat(send((short) 0, -1, (short) -1, -1, 2)).isNull();
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void acksOtherThanZeroOneOrAllAreRefused() {
        var answer = send((short) 2, -1, (short) -1, -1, 1);
        assertThat(answer.errorCode()).isEqualTo(Errors.INVALID_REQUIRED_ACKS.code());
        assertThat(stored()).isZero();
        assertThat(answer.baseOffset()).isEqualTo(-1);
    }
}
