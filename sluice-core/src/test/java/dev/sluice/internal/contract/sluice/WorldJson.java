package dev.sluice.internal.contract.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON forms plugins/tools/sluice-harness.mjs writes (text when UTF-8, else {@code *_base64}),
 * read into records and written from verdicts, so the Java host's answers compare with jco's.
 */
final class WorldJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WorldJson() {}

    /** A record, or null when its partition is above what {@link Record} holds (2^31 - 1). */
    static Record record(JsonNode json) {
        long partition = json.get("partition").asLong();
        if (partition > Integer.MAX_VALUE) {
            return null;
        }
        var headers = new ArrayList<Header>();
        for (var h : json.get("headers")) {
            headers.add(new Header(h.get("key").asText(), bytes(h, "value")));
        }
        return new Record(
                json.get("topic").asText(),
                (int) partition,
                json.has("key") && json.get("key").isNull() ? null : bytes(json, "key"),
                bytes(json, "value"),
                headers,
                Long.parseLong(json.get("timestamp").asText()));
    }

    static Bytes bytes(JsonNode json, String name) {
        var text = json.get(name);
        if (text != null) {
            return Bytes.utf8(text.asText());
        }
        return Bytes.wrap(Base64.getDecoder().decode(json.get(name + "_base64").asText()));
    }

    static JsonNode verdict(Verdict verdict) {
        if (verdict instanceof Verdict.Allow) {
            return NODES.textNode("accept");
        }
        if (verdict instanceof Verdict.Block block) {
            return NODES.objectNode().put("reject", block.reason());
        }
        var outputs = NODES.arrayNode();
        for (var o : ((Verdict.Replace) verdict).outputs()) {
            var out = NODES.objectNode();
            out.put("topic", o.topic());
            if (o.partition() == null) {
                out.putNull("partition");
            } else {
                long partition = Integer.toUnsignedLong(o.partition());
                // As Jackson reads it: an int node when it fits, so nodes compare equal.
                if (partition <= Integer.MAX_VALUE) {
                    out.put("partition", (int) partition);
                } else {
                    out.put("partition", partition);
                }
            }
            if (o.key() == null) {
                out.putNull("key");
            } else {
                putBytes(out, "key", o.key());
            }
            putBytes(out, "value", o.value());
            out.set("headers", headers(o.headers()));
            out.put("timestamp", o.timestamp() == null ? null : o.timestamp().toString());
            outputs.add(out);
        }
        return NODES.objectNode().set("replace", outputs);
    }

    private static ArrayNode headers(List<Header> headers) {
        var array = NODES.arrayNode();
        for (var h : headers) {
            var node = NODES.objectNode().put("key", h.key());
            putBytes(node, "value", h.value());
            array.add(node);
        }
        return array;
    }

    private static void putBytes(ObjectNode node, String name, Bytes bytes) {
        if (bytes.isUtf8()) {
            node.put(name, bytes.text());
        } else {
            node.put(name + "_base64", Base64.getEncoder().encodeToString(bytes.toByteArray()));
        }
    }

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9A-F]{4})");

    /** SHA-256 of the value as JavaScript's JSON.stringify writes it (lower-case \\u escapes). */
    static String sha256(JsonNode value) throws Exception {
        String json = MAPPER.writeValueAsString(value);
        Matcher m = UNICODE_ESCAPE.matcher(json);
        var js = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(js, "\\\\u" + m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        m.appendTail(js);
        return HexFormat.of()
                .formatHex(
                        MessageDigest.getInstance("SHA-256")
                                .digest(js.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
