package dev.sluice.server.kafka.fetch;

import dev.sluice.server.kafka.KafkaApi;
import dev.sluice.server.kafka.RequestContext;
import dev.sluice.server.kafka.topic.TopicCatalog;
import dev.sluice.server.log.RecordLog;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets: earliest and latest from the log's offsets; a timestamp (or the largest timestamp)
 * by reading the partition from its start, {@value #SCAN_CHUNK} records at a time, since records
 * are kept in offset order and their timestamps need not grow.
 */
public final class ListOffsetsApi implements KafkaApi {

    static final int SCAN_CHUNK = 1000;

    private final RecordLog log;
    private final TopicCatalog topics;

    public ListOffsetsApi(RecordLog log, TopicCatalog topics) {
        this.log = log;
        this.topics = topics;
    }

    @Override
    public ApiKeys key() {
        return ApiKeys.LIST_OFFSETS;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        var request = (ListOffsetsRequestData) message;
        var response = new ListOffsetsResponseData().setThrottleTimeMs(0);
        for (var topic : request.topics()) {
            var topicResponse = new ListOffsetsTopicResponse().setName(topic.name());
            var known = topics.get(topic.name());
            for (var p : topic.partitions()) {
                var answer =
                        new ListOffsetsPartitionResponse()
                                .setPartitionIndex(p.partitionIndex())
                                .setTimestamp(-1)
                                .setOffset(-1);
                if (context.apiVersion() >= 4) { // not in older versions, and not ignorable
                    answer.setLeaderEpoch(0);
                }
                topicResponse.partitions().add(answer);
                if (known.isEmpty()
                        || p.partitionIndex() < 0
                        || p.partitionIndex() >= known.get().partitions()) {
                    answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    continue;
                }
                var offsets =
                        log.offsets(topic.name(), p.partitionIndex())
                                .orElse(new RecordLog.Offsets(0, 0));
                long t = p.timestamp();
                if (t == ListOffsetsRequest.LATEST_TIMESTAMP) {
                    answer.setOffset(offsets.highWatermark());
                } else if (t == ListOffsetsRequest.EARLIEST_TIMESTAMP
                        || t == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP) {
                    answer.setOffset(offsets.startOffset());
                } else if (t >= 0 || t == ListOffsetsRequest.MAX_TIMESTAMP) {
                    scan(topic.name(), p.partitionIndex(), offsets, t, answer);
                } else {
                    answer.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
                }
            }
            response.topics().add(topicResponse);
        }
        return CompletableFuture.completedFuture(response);
    }

    /**
     * The first offset whose timestamp is at least {@code t}, or (for MAX_TIMESTAMP) the first with
     * the largest timestamp; offset and timestamp -1 when there is none.
     */
    private void scan(
            String topic,
            int partition,
            RecordLog.Offsets offsets,
            long t,
            ListOffsetsPartitionResponse answer) {
        boolean max = t == ListOffsetsRequest.MAX_TIMESTAMP;
        long at = offsets.startOffset();
        long bestTimestamp = -1;
        long bestOffset = -1;
        while (at < offsets.highWatermark()) {
            var slice = log.read(topic, partition, at, SCAN_CHUNK);
            if (slice.isEmpty() || slice.get().records().isEmpty()) {
                break;
            }
            for (var e : slice.get().records()) {
                long ts = e.record().timestamp();
                if (max ? ts > bestTimestamp : ts >= t) {
                    bestTimestamp = ts;
                    bestOffset = e.offset();
                    if (!max) {
                        answer.setOffset(bestOffset).setTimestamp(bestTimestamp);
                        return;
                    }
                }
                at = e.offset() + 1;
            }
        }
        answer.setOffset(bestOffset).setTimestamp(bestTimestamp);
    }
}
