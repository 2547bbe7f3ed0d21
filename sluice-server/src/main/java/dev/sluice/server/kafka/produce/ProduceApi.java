package dev.sluice.server.kafka.produce;

import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import dev.sluice.record.StoredRecord;
import dev.sluice.server.ingest.ProduceOutcome;
import dev.sluice.server.ingest.ProducePath;
import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.kafka.records.KafkaRecords;
import dev.sluice.server.kafka.topic.PerTopicState;
import dev.sluice.server.kafka.topic.Topics;
import dev.sluice.server.log.RecordLog;
import dev.sluice.server.log.TopicPartition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.BatchIndexAndErrorMessage;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.RecordBatch;

/**
 * Produce: each partition's records go through the plugin chain as one batch ({@link ProducePath}),
 * and are stored all or none. A rejection fails that partition with INVALID_RECORD, the rejected
 * records' indexes and plugins' reasons in record_errors and the first in error_message; other
 * partitions of the request are stored or refused on their own, as Kafka does. Versions up to 12
 * (13 names topics by id).
 */
public final class ProduceApi implements KafkaApi, PerTopicState {

    private final ProducePath path;
    private final RecordLog log;
    private final Topics topics;
    private final ProducerStates producers;

    /**
     * Produce and InitProducerId, sharing the idempotent producers' state: the handlers to register
     * for producers.
     */
    public static List<KafkaApi> withInitProducerId(
            ProducePath path, RecordLog log, Topics topics) {
        var producers = new ProducerStates();
        return List.of(
                new ProduceApi(path, log, topics, producers), new InitProducerIdApi(producers));
    }

    private ProduceApi(ProducePath path, RecordLog log, Topics topics, ProducerStates producers) {
        this.path = path;
        this.log = log;
        this.topics = topics;
        this.producers = producers;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.PRODUCE;
    }

    /** A deleted topic's producer sequences go, so a topic created again starts them afresh. */
    @Override
    public CompletableFuture<Void> forget(String topic) {
        producers.forget(topic);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (ProduceRequestData) message;
        var response = new ProduceResponseData().setThrottleTimeMs(0);
        short acks = request.acks();
        var durable = new ArrayList<CompletableFuture<Void>>();
        for (var topicData : request.topicData()) {
            var topicResponse = new TopicProduceResponse().setName(topicData.name());
            for (var partitionData : topicData.partitionData()) {
                var answer =
                        new PartitionProduceResponse()
                                .setIndex(partitionData.index())
                                .setBaseOffset(-1)
                                .setLogAppendTimeMs(-1)
                                .setLogStartOffset(-1);
                if (acks != 0 && acks != 1 && acks != -1) {
                    fail(answer, Errors.INVALID_REQUIRED_ACKS, "acks must be 0, 1 or -1");
                } else {
                    durable.add(
                            produce(
                                    topicData.name(),
                                    partitionData.index(),
                                    (MemoryRecords) partitionData.records(),
                                    answer));
                    if (context.apiVersion() < 8) {
                        // record_errors came in v8 and older versions cannot carry them; the
                        // error code and (ignorable) message still go out
                        answer.setRecordErrors(new ArrayList<>());
                    }
                }
                topicResponse.partitionResponses().add(answer);
            }
            response.responses().add(topicResponse);
        }
        // Answered once every partition's records are on disk (or failed to be): the connection
        // meanwhile goes on with its next request, whose batch the same fsync may cover.
        return CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new))
                .thenApply(v -> acks == 0 ? null : response);
    }

    private static final CompletableFuture<Void> ANSWERED = CompletableFuture.completedFuture(null);

    /**
     * Produces one partition's records, filling {@code answer}; the future completes once the
     * answer is final (at once unless records are being stored).
     */
    private CompletableFuture<Void> produce(
            String topic, int partition, MemoryRecords records, PartitionProduceResponse answer) {
        try {
            var known = topics.find(topic, true);
            if (known.isEmpty() || partition < 0 || partition >= known.get().partitions()) {
                fail(
                        answer,
                        Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        known.isEmpty()
                                ? "topic " + topic + " does not exist"
                                : "topic " + topic + " has no partition " + partition);
                return ANSWERED;
            }
        } catch (InvalidTopicException e) {
            fail(answer, Errors.INVALID_TOPIC_EXCEPTION, e.getMessage());
            return ANSWERED;
        }
        var batches = new ArrayList<MutableRecordBatch>();
        records.batches().forEach(batches::add);
        var decoded = new ArrayList<Record>();
        long now = System.currentTimeMillis();
        try {
            for (var batch : batches) {
                if (batch.magic() != RecordBatch.MAGIC_VALUE_V2) {
                    fail(
                            answer,
                            Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT,
                            "record batches of magic " + batch.magic() + "; Sluice takes v2 only");
                    return ANSWERED;
                }
                batch.ensureValid();
                if (batch.isTransactional() || batch.isControlBatch()) {
                    fail(answer, Errors.INVALID_RECORD, "Sluice does not serve transactions");
                    return ANSWERED;
                }
                for (var r : batch) {
                    decoded.add(KafkaRecords.toSluice(topic, partition, r, now));
                }
            }
        } catch (CorruptRecordException | InvalidRecordException e) {
            fail(answer, Errors.CORRUPT_MESSAGE, e.getMessage());
            return ANSWERED;
        }
        var tp = new TopicPartition(topic, partition);
        var first = batches.isEmpty() ? null : batches.get(0);
        if (first == null || !first.hasProducerId()) {
            var pending = path.producePending(decoded);
            answer(answer, tp, pending.outcome());
            return whenStored(pending.stored(), answer, () -> {});
        }
        if (batches.size() != 1) {
            fail(
                    answer,
                    Errors.INVALID_RECORD,
                    "an idempotent producer sends one batch per partition, this request has "
                            + batches.size());
            return ANSWERED;
        }
        var state = producers.state(first.producerId(), tp);
        synchronized (state) {
            var check =
                    state.check(first.producerEpoch(), first.baseSequence(), first.lastSequence());
            if (check instanceof ProducerStates.Check.Duplicate duplicate) {
                answer.setBaseOffset(duplicate.baseOffset());
                log.offsets(topic, partition)
                        .ifPresent(o -> answer.setLogStartOffset(o.startOffset()));
                // Its first send may still be on its way to the disk: answered when that is.
                return whenStored(state.lastStored(), answer, () -> {});
            } else if (check instanceof ProducerStates.Check.OutOfOrder outOfOrder) {
                fail(answer, Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, outOfOrder.message());
            } else if (check instanceof ProducerStates.Check.Fenced fenced) {
                fail(answer, Errors.INVALID_PRODUCER_EPOCH, fenced.message());
            } else {
                var pending = path.producePending(decoded);
                answer(answer, tp, pending.outcome());
                if (pending.outcome() instanceof ProduceOutcome.Stored) {
                    // Recorded now, so the producer's next batch (pipelined behind this one) is
                    // in sequence; taken back if the disk then fails this one.
                    state.stored(
                            first.producerEpoch(),
                            first.baseSequence(),
                            first.lastSequence(),
                            answer.baseOffset(),
                            pending.stored());
                    int firstSequence = first.baseSequence();
                    return whenStored(
                            pending.stored(),
                            answer,
                            () -> {
                                synchronized (state) {
                                    state.takeBack(firstSequence);
                                }
                            });
                }
            }
        }
        return ANSWERED;
    }

    /**
     * Completes when the records are stored for good; if instead the disk fails them, the answer
     * becomes that partition's storage error (retriable: the producer sends the batch again) after
     * {@code takeBack} has undone what was recorded for it.
     */
    private static CompletableFuture<Void> whenStored(
            CompletableFuture<Void> stored, PartitionProduceResponse answer, Runnable takeBack) {
        return stored.handle(
                (v, failure) -> {
                    if (failure != null) {
                        takeBack.run();
                        var cause =
                                failure instanceof CompletionException && failure.getCause() != null
                                        ? failure.getCause()
                                        : failure;
                        answer.setBaseOffset(-1).setLogStartOffset(-1);
                        fail(answer, Errors.KAFKA_STORAGE_ERROR, cause.getMessage());
                    }
                    return null;
                });
    }

    /** Fills the partition's answer from what became of its records. */
    private void answer(
            PartitionProduceResponse answer, TopicPartition tp, ProduceOutcome outcome) {
        // Java 17 has no pattern switch; the last branch keeps an unknown outcome from passing.
        if (outcome instanceof ProduceOutcome.Stored stored) {
            answer.setBaseOffset(firstOffsetIn(tp, stored.stored()));
            log.offsets(tp.topic(), tp.partition())
                    .ifPresent(o -> answer.setLogStartOffset(o.startOffset()));
        } else if (outcome instanceof ProduceOutcome.Rejected rejected) {
            var errors = new ArrayList<BatchIndexAndErrorMessage>();
            var decisions = rejected.decisions();
            for (int i = 0; i < decisions.size(); i++) {
                if (decisions.get(i) instanceof Decision.Reject reject) {
                    errors.add(
                            new BatchIndexAndErrorMessage()
                                    .setBatchIndex(i)
                                    .setBatchIndexErrorMessage(describe(reject)));
                }
            }
            answer.setErrorCode(Errors.INVALID_RECORD.code())
                    .setErrorMessage(
                            describe(rejected.rejection())
                                    + " (record "
                                    + rejected.first()
                                    + " of the batch); nothing of the batch was stored")
                    .setRecordErrors(errors);
        } else if (outcome instanceof ProduceOutcome.Unavailable unavailable) {
            // Retriable: the producer sends the batch again, as the HTTP 503 asks.
            fail(
                    answer,
                    Errors.REQUEST_TIMED_OUT,
                    "plugin "
                            + unavailable.unavailable().plugin()
                            + " could not look at record "
                            + unavailable.index()
                            + " now ("
                            + unavailable.unavailable().error()
                            + "); nothing of the batch was stored, retry");
        } else if (outcome instanceof ProduceOutcome.StorageFull full) {
            fail(answer, Errors.KAFKA_STORAGE_ERROR, full.message());
        } else {
            throw new IllegalStateException("no answer for the outcome " + outcome);
        }
    }

    private static String describe(Decision.Reject reject) {
        return "rejected by plugin " + reject.plugin() + ": " + reject.reason();
    }

    /**
     * The offset a Kafka producer is told its batch starts at: the first record stored in the
     * partition it produced to (a plugin may have routed some elsewhere), or -1 if none was.
     */
    private static long firstOffsetIn(TopicPartition tp, List<List<StoredRecord>> stored) {
        for (var perInput : stored) {
            for (var s : perInput) {
                if (s.record().partition() == tp.partition()
                        && s.record().topic().equals(tp.topic())) {
                    return s.offset();
                }
            }
        }
        return -1;
    }

    private static void fail(PartitionProduceResponse answer, Errors error, String message) {
        answer.setErrorCode(error.code()).setErrorMessage(message);
    }
}
