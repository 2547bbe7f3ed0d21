package dev.sluice.server.http;

import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads records in the format of {@code POST /produce} (docs/operations.md): {@code topic}, {@code
 * partition}, {@code key} or {@code key_base64}, {@code value} or {@code value_base64}, {@code
 * headers} ({@code [{"key", "value" | "value_base64"}]}) and {@code timestamp}. The one reader of
 * that format: the HTTP API and {@code sluice plugin test} both use it. {@link RecordWriter} writes
 * it back.
 */
public final class RecordJson {

    /** Records one request may carry; more get 413. */
    public static final int MAX_RECORDS_PER_REQUEST = 10_000;

    /** Headers one record may carry; more get 400. */
    public static final int MAX_HEADERS_PER_RECORD = 100;

    /** The longest header key, in UTF-8 bytes; longer get 400. */
    public static final int MAX_HEADER_KEY_BYTES = 1024;

    static final Set<String> FIELDS =
            ordered(
                    "topic",
                    "partition",
                    "key",
                    "key_base64",
                    "value",
                    "value_base64",
                    "headers",
                    "timestamp");

    private static final Set<String> HEADER_FIELDS = ordered("key", "value", "value_base64");

    /** The largest line {@link #parse} reads: a request body's default limit. */
    private static final JsonBody LINE = new JsonBody(16L * 1024 * 1024);

    private RecordJson() {}

    /**
     * One record from one JSON object in the /produce format (a line of a records file).
     *
     * @param now the timestamp of a record that gives none
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Record parse(String json, long now) {
        try {
            return read(
                    new RequestBody(
                            RequestBody.Format.JSON,
                            LINE.parse(json.getBytes(StandardCharsets.UTF_8))),
                    now);
        } catch (InvalidRequest e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The record a body (or one object of a {@code records} batch) describes. */
    static Record read(RequestBody body, long now) {
        body.onlyFields(FIELDS);
        String topic = body.requiredText("topic");
        if (topic.isEmpty()) {
            throw new InvalidRequest("field '" + body.name("topic") + "' must not be empty");
        }
        int partition = (int) body.number("partition", 0, Integer.MAX_VALUE);
        long timestamp = body.number("timestamp", now, Long.MAX_VALUE);
        Bytes key = bytes(body, "key");
        Bytes value = bytes(body, "value");
        if (value == null) {
            throw new InvalidRequest(
                    "missing field '"
                            + body.name("value")
                            + "' (or '"
                            + body.name("value_base64")
                            + "' for bytes)");
        }
        return new Record(topic, partition, key, value, headers(body), timestamp);
    }

    /**
     * The records of a /produce body: its {@code records} array, or the one record it is.
     *
     * @return the records, and whether the body was a batch
     */
    static ProduceRequest request(RequestBody body, long now) {
        BodyField batch = body.fields().get("records");
        if (batch == null) {
            return new ProduceRequest(List.of(read(body, now)), false);
        }
        body.onlyFields(Set.of("records"));
        if (!(batch instanceof BodyField.Array array)) {
            throw new InvalidRequest(
                    "field 'records' must be an array of records, got "
                            + RequestBody.kind(batch)
                            + (body.format() == RequestBody.Format.FORM
                                    ? " (send a batch as JSON)"
                                    : ""));
        }
        int n = array.items().size();
        if (n == 0) {
            throw new InvalidRequest("field 'records' is empty: send at least one record");
        }
        if (n > MAX_RECORDS_PER_REQUEST) {
            throw new InvalidRequest(
                    413,
                    "the request holds "
                            + n
                            + " records, more than the "
                            + MAX_RECORDS_PER_REQUEST
                            + " one request may (a fixed limit); send them in several requests");
        }
        var records = new ArrayList<Record>(n);
        for (int i = 0; i < n; i++) {
            records.add(read(object(body, array.items().get(i), "records[" + i + "]"), now));
        }
        return new ProduceRequest(records, true);
    }

    /** A produce request's records; {@code batch} when they came as a {@code records} array. */
    record ProduceRequest(List<Record> records, boolean batch) {}

    private static RequestBody object(RequestBody body, BodyField field, String where) {
        if (field instanceof BodyField.Struct struct) {
            return body.nested(struct, where);
        }
        throw new InvalidRequest(
                "'" + body.name(where) + "' must be an object, got " + RequestBody.kind(field));
    }

    /**
     * The field as bytes: {@code name} as UTF-8 text, or {@code name_base64} decoded; null when
     * neither was sent.
     */
    private static Bytes bytes(RequestBody body, String name) {
        String text = body.optionalText(name);
        String base64 = body.optionalText(name + "_base64");
        if (text != null && base64 != null) {
            throw new InvalidRequest(
                    "fields '"
                            + body.name(name)
                            + "' and '"
                            + body.name(name + "_base64")
                            + "' were both sent: send the text or its bytes in base64, not both");
        }
        if (base64 != null) {
            return Bytes.wrap(base64(body.name(name + "_base64"), base64));
        }
        return text == null ? null : Bytes.utf8(text);
    }

    private static List<Header> headers(RequestBody body) {
        BodyField field = body.optional("headers");
        if (field == null) {
            return List.of();
        }
        if (!(field instanceof BodyField.Array array)) {
            throw new InvalidRequest(
                    "field '"
                            + body.name("headers")
                            + "' must be an array of {\"key\": …, \"value\": …} objects, got "
                            + RequestBody.kind(field)
                            + (body.format() == RequestBody.Format.FORM
                                    ? " (headers can only be sent as JSON)"
                                    : ""));
        }
        int n = array.items().size();
        if (n > MAX_HEADERS_PER_RECORD) {
            throw new InvalidRequest(
                    "field '"
                            + body.name("headers")
                            + "' holds "
                            + n
                            + " headers, more than the "
                            + MAX_HEADERS_PER_RECORD
                            + " a record may have (a fixed limit)");
        }
        var headers = new ArrayList<Header>(n);
        for (int i = 0; i < n; i++) {
            var header = object(body, array.items().get(i), "headers[" + i + "]");
            header.onlyFields(HEADER_FIELDS);
            String key = header.requiredText("key");
            int length = key.getBytes(StandardCharsets.UTF_8).length;
            if (length > MAX_HEADER_KEY_BYTES) {
                throw new InvalidRequest(
                        "field '"
                                + header.name("key")
                                + "' is "
                                + length
                                + " bytes long, more than the "
                                + MAX_HEADER_KEY_BYTES
                                + " a header key may be (a fixed limit)");
            }
            Bytes value = bytes(header, "value");
            headers.add(new Header(key, value == null ? Bytes.EMPTY : value));
        }
        return headers;
    }

    /**
     * Decodes strict base64 (RFC 4648 §4: {@code A-Z a-z 0-9 + /}, padded with {@code =} to a
     * multiple of 4, no line breaks, unused bits zero), so that one byte string has exactly one
     * spelling and a typo is an error, not other bytes.
     */
    static byte[] base64(String field, String text) {
        int padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
        for (int i = 0; i < text.length() - padding; i++) {
            char c = text.charAt(i);
            boolean ok =
                    c >= 'A' && c <= 'Z'
                            || c >= 'a' && c <= 'z'
                            || c >= '0' && c <= '9'
                            || c == '+'
                            || c == '/';
            if (!ok) {
                throw new InvalidRequest(
                        "field '"
                                + field
                                + "' is not base64: "
                                + (c < 0x20 || c > 0x7e
                                        ? String.format(java.util.Locale.ROOT, "U+%04X", (int) c)
                                        : "'" + c + "'")
                                + " at character "
                                + i
                                + " (base64 uses A-Z, a-z, 0-9, + and /, padded with =)");
            }
        }
        if (text.length() % 4 != 0) {
            throw new InvalidRequest(
                    "field '"
                            + field
                            + "' is not base64: its length, "
                            + text.length()
                            + ", is not a multiple of 4 (pad it with =)");
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new InvalidRequest(
                    "field '"
                            + field
                            + "' is not canonical base64: the bits after its last byte must be"
                            + " zero");
        }
        return bytes;
    }

    private static Set<String> ordered(String... names) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}
