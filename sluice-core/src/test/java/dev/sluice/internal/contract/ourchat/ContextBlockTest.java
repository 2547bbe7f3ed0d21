package dev.sluice.internal.contract.ourchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.internal.contract.RecordBytes;
import dev.sluice.record.Bytes;
import dev.sluice.record.Record;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The documented layout of the OurChat context block, field by field. */
class ContextBlockTest {

    @Test
    void layoutWithKey() {
        var record =
                Record.builder("topic-ü")
                        .partition(5)
                        .key(Bytes.utf8("key"))
                        .value("value")
                        .timestamp(1_700_000_000_123L)
                        .build();
        byte[] block = ContextBlock.bytes(new RecordBytes(record), 99);
        var buf = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        int topicLen = "topic-ü".getBytes(StandardCharsets.UTF_8).length;

        assertThat(block).hasSize(48 + topicLen + 3);
        assertThat(buf.getInt(0)).as("version").isEqualTo(1);
        assertThat(buf.getInt(8)).as("topic_len").isEqualTo(topicLen);
        assertThat(buf.getInt(12)).as("partition").isEqualTo(5);
        assertThat(buf.getInt(16)).as("has_key").isEqualTo(1);
        assertThat(buf.getInt(24)).as("key_len").isEqualTo(3);
        assertThat(buf.getInt(28)).as("reserved").isZero();
        assertThat(buf.getLong(32)).as("offset").isEqualTo(99);
        assertThat(buf.getLong(40)).as("timestamp").isEqualTo(1_700_000_000_123L);
        assertThat(new String(block, 48, topicLen, StandardCharsets.UTF_8)).isEqualTo("topic-ü");
        assertThat(new String(block, 48 + topicLen, 3, StandardCharsets.UTF_8)).isEqualTo("key");
    }

    @Test
    void layoutWithoutKeyBeforeStoring() {
        var record = Record.builder("t").value("v").timestamp(1L).build();
        var buf =
                ByteBuffer.wrap(ContextBlock.bytes(new RecordBytes(record), -1))
                        .order(ByteOrder.LITTLE_ENDIAN);

        assertThat(buf.capacity()).isEqualTo(49);
        assertThat(buf.getInt(16)).as("has_key").isZero();
        assertThat(buf.getInt(24)).as("key_len").isZero();
        assertThat(buf.getLong(32)).as("offset before storing").isEqualTo(-1);
    }
}
