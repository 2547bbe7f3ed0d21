package dev.sluice.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body from its bytes, as strictly as {@link
 * JsonBody}: every percent escape well-formed, every decoded name and value valid UTF-8, no field
 * twice. (The servlet's own form parser replaces bad bytes with U+FFFD and keeps the first of two
 * values silently.)
 */
final class FormBody {

    private FormBody() {}

    static Map<String, BodyField> parse(byte[] body) {
        var fields = new LinkedHashMap<String, BodyField>();
        int start = 0;
        while (start < body.length) {
            int end = find(body, '&', start, body.length);
            if (end > start) {
                int eq = find(body, '=', start, end);
                String name = decode(body, start, eq, "a field name");
                String value = eq < end ? decode(body, eq + 1, end, "field '" + name + "'") : "";
                if (fields.putIfAbsent(name, new BodyField.Text(value)) != null) {
                    throw new InvalidRequest(
                            "field '" + name + "' appears twice in the form; send each field once");
                }
            }
            start = end + 1;
        }
        return fields;
    }

    /** The index of {@code wanted} in {@code body[from, to)}, or {@code to}. */
    private static int find(byte[] body, char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    /** Percent-decodes {@code body[from, to)} ({@code +} is a space) and reads it as UTF-8. */
    private static String decode(byte[] body, int from, int to, String what) {
        var out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int hi = i + 1 < to ? Character.digit(body[i + 1], 16) : -1;
                int lo = i + 2 < to ? Character.digit(body[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new InvalidRequest(
                            "malformed percent escape in "
                                    + what
                                    + " at byte "
                                    + i
                                    + " of the body (expected % and two hex digits)");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        byte[] decoded = out.toByteArray();
        int invalid = Utf8.firstInvalid(decoded);
        if (invalid >= 0) {
            throw new InvalidRequest(
                    what
                            + " is not valid UTF-8 once percent-decoded: "
                            + Utf8.describe(decoded, invalid)
                            + " of the decoded text");
        }
        return new String(decoded, StandardCharsets.UTF_8);
    }
}
