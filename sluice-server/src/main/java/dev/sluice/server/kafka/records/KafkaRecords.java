package dev.sluice.server.kafka.records;

import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import dev.sluice.server.log.StoredEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Utils;

/**
 * Kafka records to Sluice records and back. A Kafka null value (a tombstone) or null header value
 * becomes empty bytes: Sluice's records always have a value (docs/kafka-broker.md says so).
 */
public final class KafkaRecords {

    private KafkaRecords() {}

    /** A record of a produced batch as the plugin chain sees it. */
    public static Record toSluice(
            String topic, int partition, org.apache.kafka.common.record.Record in, long now) {
        var kafkaHeaders = in.headers();
        // Straight to the record (a builder would copy the list twice): once per record, and
        // perf-test's records, like most, have no headers.
        List<Header> headers = List.of();
        if (kafkaHeaders.length > 0) {
            var list = new ArrayList<Header>(kafkaHeaders.length);
            for (var h : kafkaHeaders) {
                list.add(
                        new Header(
                                h.key(), h.value() == null ? Bytes.EMPTY : Bytes.wrap(h.value())));
            }
            headers = list;
        }
        return new Record(
                topic,
                partition,
                in.hasKey() ? Bytes.wrap(Utils.toArray(in.key())) : null,
                in.hasValue() ? Bytes.wrap(Utils.toArray(in.value())) : Bytes.EMPTY,
                headers,
                in.timestamp() >= 0 ? in.timestamp() : now);
    }

    /**
     * Stored records (consecutive offsets of one partition) as one uncompressed v2 batch, as a
     * Fetch response carries them.
     */
    public static MemoryRecords toBatch(List<StoredEntry> entries) {
        long bytes = 64;
        for (var e : entries) {
            bytes += e.record().sizeBytes() + 32;
        }
        var builder =
                MemoryRecords.builder(
                        ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 64, bytes)),
                        Compression.NONE,
                        TimestampType.CREATE_TIME,
                        entries.get(0).offset());
        for (var e : entries) {
            var r = e.record();
            var headers = new org.apache.kafka.common.header.Header[r.headers().size()];
            for (int i = 0; i < headers.length; i++) {
                var h = r.headers().get(i);
                headers[i] = new RecordHeader(h.key(), h.value().toByteArray());
            }
            builder.appendWithOffset(
                    e.offset(),
                    r.timestamp(),
                    r.key() == null ? null : r.key().toByteArray(),
                    r.value().toByteArray(),
                    headers);
        }
        return builder.build();
    }
}
