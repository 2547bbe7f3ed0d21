package dev.sluice.internal.contract.sluice;

import dev.sluice.component.VariantValue;
import dev.sluice.internal.contract.GuestFault;
import dev.sluice.internal.contract.PluginText;
import dev.sluice.internal.contract.Verdict;
import dev.sluice.internal.text.RawBytes;
import dev.sluice.record.Bytes;
import dev.sluice.record.Header;
import dev.sluice.record.Record;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world's types as sluice-component's generic values ({@link dev.sluice.component.Values}): the
 * correct, general path, and the reference the direct lowering is tested against.
 */
final class WorldValues {

    private WorldValues() {}

    /** A {@code record} value; byte arrays are lent, not copied (lowering copies them). */
    static Map<String, Object> record(Record record) {
        var map = new LinkedHashMap<String, Object>(8);
        map.put("topic", record.topic());
        map.put("partition", Integer.toUnsignedLong(record.partition()));
        map.put(
                "key",
                record.key() == null ? Optional.empty() : Optional.of(RawBytes.of(record.key())));
        map.put("value", RawBytes.of(record.value()));
        var headers = new ArrayList<Map<String, Object>>(record.headers().size());
        for (var h : record.headers()) {
            var header = new LinkedHashMap<String, Object>(2);
            header.put("key", h.key());
            header.put("value", RawBytes.of(h.value()));
            headers.add(header);
        }
        map.put("headers", headers);
        map.put("timestamp", record.timestamp());
        return map;
    }

    /** A {@code verdict} value, into the host's terms. */
    static Verdict verdict(Object value) {
        var v = (VariantValue) value;
        return switch (v.caseName()) {
            case "accept" -> Verdict.ALLOW;
            case "reject" -> new Verdict.Block(reason((String) v.payload()));
            case "replace" -> {
                var outputs = new ArrayList<Verdict.Output>();
                for (var o : (List<?>) v.payload()) {
                    outputs.add(output((Map<?, ?>) o));
                }
                yield new Verdict.Replace(outputs);
            }
            default -> throw new GuestFault("on-records returned a verdict " + v.caseName());
        };
    }

    /** A reason is shown to producers and logged: cut and escaped like a log line. */
    static String reason(String text) {
        return PluginText.escape(PluginText.cut(text, PluginText.MAX_LINE_BYTES));
    }

    private static Verdict.Output output(Map<?, ?> o) {
        var headers = new ArrayList<Header>();
        for (var h : (List<?>) o.get("headers")) {
            var header = (Map<?, ?>) h;
            headers.add(new Header((String) header.get("key"), bytes(header.get("value"))));
        }
        return new Verdict.Output(
                (String) ((Optional<?>) o.get("topic")).orElse(null),
                ((Optional<?>) o.get("partition")).map(p -> (int) (long) (Long) p).orElse(null),
                ((Optional<?>) o.get("key")).map(WorldValues::bytes).orElse(null),
                bytes(o.get("value")),
                headers,
                (Long) ((Optional<?>) o.get("timestamp")).orElse(null));
    }

    /** Lifted lists are fresh arrays, so they are taken over rather than copied. */
    private static Bytes bytes(Object array) {
        return Bytes.wrap((byte[]) array);
    }
}
