package dev.sluice.server.http;

import dev.sluice.record.Bytes;
import dev.sluice.record.Decision;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes records and decisions as JSON values (maps and lists for Jackson), in the shapes {@link
 * RecordJson} reads: bytes as text when they are valid UTF-8, as {@code *_base64} otherwise. The
 * one writer: /fetch, dry runs and {@code sluice plugin test} all answer with it.
 */
public final class RecordWriter {

    private RecordWriter() {}

    /** A whole record: topic, partition, key, value, headers, timestamp. */
    public static Map<String, Object> record(Record r) {
        var out = new LinkedHashMap<String, Object>();
        out.put("topic", r.topic());
        out.put("partition", r.partition());
        content(out, r);
        return out;
    }

    /**
     * Key, value, headers and timestamp into {@code out} (a fetch gives topic and partition once).
     */
    static void content(Map<String, Object> out, Record r) {
        if (r.key() == null) {
            out.put("key", null);
        } else {
            bytes(out, "key", r.key());
        }
        bytes(out, "value", r.value());
        var headers = new ArrayList<Map<String, Object>>(r.headers().size());
        for (var h : r.headers()) {
            var header = new LinkedHashMap<String, Object>();
            header.put("key", h.key());
            bytes(header, "value", h.value());
            headers.add(header);
        }
        out.put("headers", headers);
        out.put("timestamp", r.timestamp());
    }

    private static void bytes(Map<String, Object> out, String name, Bytes b) {
        if (b.isUtf8()) {
            out.put(name, b.text());
        } else {
            out.put(name + "_base64", Base64.getEncoder().encodeToString(b.toByteArray()));
        }
    }

    /**
     * A decision as a verdict: {@code {"verdict":"accept"}}, {@code {"verdict":"replace",
     * "outputs":[…]}}, {@code {"verdict":"reject","plugin","reason"}} or {@code
     * {"verdict":"unavailable","plugin","error","reason"}}.
     */
    public static Map<String, Object> verdict(Decision decision) {
        var out = new LinkedHashMap<String, Object>();
        // Java 17 has no pattern switch: the last branch refuses a variant this code does not
        // know rather than describing it wrongly.
        if (decision instanceof Decision.Accept) {
            out.put("verdict", "accept");
        } else if (decision instanceof Decision.Replace replace) {
            out.put("verdict", "replace");
            out.put("outputs", records(replace.records()));
        } else if (decision instanceof Decision.Reject reject) {
            out.put("verdict", "reject");
            out.put("plugin", reject.plugin());
            out.put("reason", reject.reason());
        } else if (decision instanceof Decision.Unavailable unavailable) {
            out.put("verdict", "unavailable");
            out.put("plugin", unavailable.plugin());
            out.put("error", unavailable.error());
            out.put("reason", unavailable.reason());
        } else {
            throw new IllegalStateException("no verdict for the decision " + decision);
        }
        return out;
    }

    public static List<Map<String, Object>> records(List<Record> records) {
        var out = new ArrayList<Map<String, Object>>(records.size());
        for (var r : records) {
            out.add(record(r));
        }
        return out;
    }
}
