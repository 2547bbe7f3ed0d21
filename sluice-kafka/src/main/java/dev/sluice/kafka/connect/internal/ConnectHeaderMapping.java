package dev.sluice.kafka.connect.internal;

import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * Connect headers to Sluice's (bytes) and back. A header a plugin leaves as it was keeps its
 * Connect schema and value; one it adds or changes comes back as a STRING when it is UTF-8 (the
 * default header converter writes strings as they are) and as BYTES otherwise.
 */
public final class ConnectHeaderMapping {

    private ConnectHeaderMapping() {}

    /**
     * Sluice's view of Connect headers: bytes as they are, strings as UTF-8, a null value as empty,
     * anything else as the text {@link Values#convertToString} makes of it.
     */
    public static List<Header> toSluice(Headers headers) {
        List<Header> out = new ArrayList<>();
        for (org.apache.kafka.connect.header.Header header : headers) {
            out.add(new Header(header.key(), bytesOf(header)));
        }
        return out;
    }

    private static Bytes bytesOf(org.apache.kafka.connect.header.Header header) {
        Object value = header.value();
        if (value == null) {
            return Bytes.EMPTY;
        }
        if (value instanceof byte[] bytes) {
            return Bytes.copyOf(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return Payload.BYTES.toBytes(buffer);
        }
        if (value instanceof String text) {
            return Bytes.utf8(text);
        }
        return Bytes.utf8(Values.convertToString(header.schema(), value));
    }

    /**
     * The Connect headers for a plugin's output {@code headers}, reusing each of {@code original}
     * (in order) that the output kept unchanged.
     */
    public static ConnectHeaders fromSluice(List<Header> headers, Headers original) {
        List<org.apache.kafka.connect.header.Header> unused = new ArrayList<>();
        original.forEach(unused::add);
        List<Bytes> unusedBytes = new ArrayList<>();
        for (org.apache.kafka.connect.header.Header header : unused) {
            unusedBytes.add(bytesOf(header));
        }
        ConnectHeaders out = new ConnectHeaders();
        for (Header header : headers) {
            int kept = indexOf(header, unused, unusedBytes);
            if (kept >= 0) {
                out.add(unused.remove(kept));
                unusedBytes.remove(kept);
            } else if (header.value().isUtf8()) {
                out.add(
                        header.key(),
                        new SchemaAndValue(Schema.STRING_SCHEMA, header.value().text()));
            } else {
                out.add(
                        header.key(),
                        new SchemaAndValue(Schema.BYTES_SCHEMA, header.value().toByteArray()));
            }
        }
        return out;
    }

    private static int indexOf(
            Header header,
            List<org.apache.kafka.connect.header.Header> unused,
            List<Bytes> unusedBytes) {
        for (int i = 0; i < unused.size(); i++) {
            if (unused.get(i).key().equals(header.key())
                    && unusedBytes.get(i).equals(header.value())) {
                return i;
            }
        }
        return -1;
    }
}
