package dev.sluice.internal.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one JSON value (RFC 8259) into plain Java values: {@link Map} (insertion order), {@link
 * List}, {@link String}, {@link Double} or {@link Long}, {@link Boolean} and {@code null} (as
 * {@link #NULL}). For the small documents plugins hand the host (an OurChat {@code http_request});
 * nesting is bounded as in {@link JsonSyntax}, and a duplicate object key is an error rather than a
 * silent choice.
 */
public final class JsonReader {

    /** JSON {@code null}, distinct from a missing key. */
    public static final Object NULL = new Object();

    /** The text is not one well-formed JSON value; the message says where and why. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    public static Object read(String text) throws Malformed {
        var reader = new JsonReader(text);
        reader.whitespace();
        Object value = reader.value(0);
        reader.whitespace();
        if (reader.at < text.length()) {
            throw reader.fail("unexpected text after the JSON value");
        }
        return value;
    }

    private Malformed fail(String what) {
        return new Malformed(String.format(Locale.ROOT, "%s at character %d", what, at));
    }

    private Object value(int depth) throws Malformed {
        if (depth >= JsonSyntax.MAX_DEPTH) {
            throw fail("nested deeper than " + JsonSyntax.MAX_DEPTH + " levels");
        }
        if (at >= text.length()) {
            throw fail("a value is missing");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw fail("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object(int depth) throws Malformed {
        var map = new LinkedHashMap<String, Object>();
        at++;
        whitespace();
        if (peek('}')) {
            at++;
            return map;
        }
        while (true) {
            whitespace();
            if (!peek('"')) {
                throw fail("expected a string key");
            }
            String key = string();
            whitespace();
            expect(':');
            whitespace();
            if (map.put(key, value(depth + 1)) != null) {
                throw fail("the key \"" + key + "\" appears twice");
            }
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array(int depth) throws Malformed {
        var list = new ArrayList<Object>();
        at++;
        whitespace();
        if (peek(']')) {
            at++;
            return list;
        }
        while (true) {
            whitespace();
            list.add(value(depth + 1));
            whitespace();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() throws Malformed {
        at++;
        var out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw fail("a string is not closed");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw fail("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw fail("a string is not closed");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("a \\u escape needs four hex digits");
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw fail("a \\u escape needs four hex digits");
                    }
                    at += 4;
                }
                default -> throw fail("the escape \\" + e + " is not JSON");
            }
        }
    }

    private Object number() throws Malformed {
        int start = at;
        if (peek('-')) {
            at++;
        }
        boolean fraction = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c >= '0' && c <= '9') {
                at++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                fraction = true;
                at++;
            } else {
                break;
            }
        }
        String n = text.substring(start, at);
        try {
            return fraction ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        } catch (NumberFormatException e) {
            at = start;
            throw fail("'" + n + "' is not a number");
        }
    }

    private Object word(String word, Object value) throws Malformed {
        if (!text.startsWith(word, at)) {
            throw fail("unexpected text");
        }
        at += word.length();
        return value;
    }

    private boolean peek(char c) {
        return at < text.length() && text.charAt(at) == c;
    }

    private void expect(char c) throws Malformed {
        if (!peek(c)) {
            throw fail("expected '" + c + "'");
        }
        at++;
    }

    private void whitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }
}
