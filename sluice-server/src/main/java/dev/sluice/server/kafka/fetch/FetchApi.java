package dev.sluice.server.kafka.fetch;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.kafka.records.KafkaRecords;
import dev.sluice.server.kafka.topic.TopicCatalog;
import dev.sluice.server.log.RecordLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Fetch, from the same {@link RecordLog} HTTP {@code /fetch} reads. Stored records go out as one
 * uncompressed v2 batch per partition, within the partition's and the request's max_bytes (one
 * record always, so a large record cannot stall a consumer). With fewer than min_bytes available
 * the answer waits for a store or max_wait_ms (at most {@value #MAX_WAIT_MS} ms), holding no thread
 * meanwhile. Versions up to 12 (13 names topics by id); no fetch sessions (every request is
 * answered in full, which clients accept).
 */
public final class FetchApi implements KafkaApi {

    /** The longest a fetch waits for records, whatever the client asks. */
    static final int MAX_WAIT_MS = 10_000;

    /** The most records read for one partition in one fetch (max_bytes usually stops first). */
    static final int MAX_RECORDS = 100_000;

    private final RecordLog log;
    private final TopicCatalog topics;
    private final AppendSignal signal;
    private final ScheduledExecutorService waits;

    /**
     * @param waits where waiting fetches are read again and time out (one thread is enough: it only
     *     reads)
     */
    public FetchApi(
            RecordLog log,
            TopicCatalog topics,
            AppendSignal signal,
            ScheduledExecutorService waits) {
        this.log = log;
        this.topics = topics;
        this.signal = signal;
        this.waits = waits;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.FETCH;
    }

    @Override
    public short maxVersion() {
        return 12;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (FetchRequestData) message;
        long wait = Math.max(0, Math.min(MAX_WAIT_MS, request.maxWaitMs()));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
        var answer = new CompletableFuture<ApiMessage>();
        attempt(request, deadline, answer);
        return answer;
    }

    /** Reads; answers if there is enough or time is up, else waits for a store or the deadline. */
    private void attempt(
            FetchRequestData request, long deadline, CompletableFuture<ApiMessage> answer) {
        var fired = new AtomicBoolean();
        Runnable again =
                () -> {
                    if (fired.compareAndSet(false, true)) {
                        waits.execute(() -> attempt(request, deadline, answer));
                    }
                };
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
            signal.register(again); // before reading: a store after the read still wakes it
        }
        Read read;
        try {
            read = read(request);
        } catch (RuntimeException e) {
            signal.remove(again);
            answer.completeExceptionally(e);
            return;
        }
        if (remaining <= 0 || read.bytes >= request.minBytes() || read.error) {
            signal.remove(again);
            answer.complete(read.response);
            return;
        }
        waits.schedule(
                () -> {
                    signal.remove(again);
                    again.run();
                },
                remaining,
                TimeUnit.NANOSECONDS);
    }

    private record Read(FetchResponseData response, long bytes, boolean error) {}

    private Read read(FetchRequestData request) {
        var response =
                new FetchResponseData()
                        .setThrottleTimeMs(0)
                        .setErrorCode(Errors.NONE.code())
                        .setSessionId(0);
        long budget = request.maxBytes() > 0 ? request.maxBytes() : Integer.MAX_VALUE;
        long total = 0;
        boolean error = false;
        for (var topic : request.topics()) {
            var topicResponse =
                    new FetchableTopicResponse()
                            .setTopic(topic.topic())
                            .setTopicId(topic.topicId());
            var known = topics.get(topic.topic());
            for (var p : topic.partitions()) {
                var data =
                        new PartitionData()
                                .setPartitionIndex(p.partition())
                                .setHighWatermark(-1)
                                .setLastStableOffset(-1)
                                .setLogStartOffset(-1)
                                .setPreferredReadReplica(-1)
                                .setRecords(MemoryRecords.EMPTY);
                topicResponse.partitions().add(data);
                if (known.isEmpty()
                        || p.partition() < 0
                        || p.partition() >= known.get().partitions()) {
                    data.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    error = true;
                    continue;
                }
                var offsets =
                        log.offsets(topic.topic(), p.partition())
                                .orElse(new RecordLog.Offsets(0, 0));
                data.setHighWatermark(offsets.highWatermark())
                        .setLastStableOffset(offsets.highWatermark())
                        .setLogStartOffset(offsets.startOffset());
                long at = p.fetchOffset();
                if (at < offsets.startOffset() || at > offsets.highWatermark()) {
                    data.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    error = true;
                    continue;
                }
                if (at == offsets.highWatermark() || (total > 0 && total >= budget)) {
                    continue;
                }
                long max = Math.min(p.partitionMaxBytes(), Math.max(1, budget - total));
                var slice = log.read(topic.topic(), p.partition(), at, MAX_RECORDS, max);
                if (slice.isEmpty() || slice.get().records().isEmpty()) {
                    continue;
                }
                var batch = KafkaRecords.toBatch(slice.get().records());
                data.setRecords(batch);
                total += batch.sizeInBytes();
            }
            response.responses().add(topicResponse);
        }
        return new Read(response, total, error);
    }
}
