package dev.sluice.internal.text;

import java.util.Locale;

/**
 * Checks that text is one well-formed JSON value (RFC 8259), without building it: the engine only
 * promises plugins that an event payload is JSON, it never reads one. Nesting is bounded so a
 * hostile payload cannot exhaust the stack.
 */
public final class JsonSyntax {

    /** Deeper nesting than this is refused. */
    public static final int MAX_DEPTH = 128;

    private final String text;
    private int at;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /**
     * What is wrong with {@code text} as JSON, or null when it is one well-formed value (with
     * optional whitespace around it).
     */
    public static String problem(String text) {
        var parser = new JsonSyntax(text);
        try {
            parser.whitespace();
            parser.value(0);
            parser.whitespace();
            if (parser.at < text.length()) {
                parser.fail("unexpected text after the JSON value");
            }
            return null;
        } catch (Malformed e) {
            return e.getMessage();
        }
    }

    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private void fail(String what) {
        throw new Malformed(String.format(Locale.ROOT, "%s at character %d", what, at));
    }

    private void value(int depth) {
        if (depth >= MAX_DEPTH) {
            fail("nested deeper than " + MAX_DEPTH + " levels");
        }
        if (at >= text.length()) {
            fail("a value is missing");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    fail("unexpected character '" + show(c) + "'");
                }
            }
        }
    }

    private void object(int depth) {
        sequence(
                '}',
                () -> {
                    if (peek() != '"') {
                        fail("an object key (a string) is expected");
                    }
                    string();
                    whitespace();
                    expect(':');
                    whitespace();
                    value(depth + 1);
                });
    }

    private void array(int depth) {
        sequence(']', () -> value(depth + 1));
    }

    /** The elements of an object or array, separated by commas, up to {@code close}. */
    private void sequence(char close, Runnable element) {
        at++; // the opening bracket
        whitespace();
        if (peek() == close) {
            at++;
            return;
        }
        while (true) {
            element.run();
            whitespace();
            if (peek() != ',') {
                expect(close);
                return;
            }
            at++;
            whitespace();
        }
    }

    private void string() {
        at++; // opening quote
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                at++;
                return;
            }
            if (c < 0x20) {
                fail("a control character inside a string must be escaped");
            }
            if (c == '\\') {
                at++;
                char e = peek();
                if (e == 'u') {
                    for (int i = 1; i <= 4; i++) {
                        if (at + i >= text.length()
                                || Character.digit(text.charAt(at + i), 16) < 0) {
                            fail("\\u needs four hexadecimal digits");
                        }
                    }
                    at += 4;
                } else if (e == 0 || "\"\\/bfnrt".indexOf(e) < 0) {
                    fail("unknown escape");
                }
            }
            at++;
        }
        fail("a string is not closed");
    }

    private void number() {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits("a digit is expected");
        }
        if (peek() == '.') {
            at++;
            digits("a digit is expected after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits("a digit is expected in the exponent");
        }
    }

    private void digits(String missing) {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        if (at == start) {
            fail(missing);
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, at)) {
            fail("unexpected character '" + show(text.charAt(at)) + "'");
        }
        at += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            fail("'" + c + "' is expected");
        }
        at++;
    }

    /** The character at the position, or 0 at the end. */
    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
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

    /** How a character is shown in a message: itself when printable, else its code. */
    private static String show(char c) {
        return c >= 0x20 && c < 0x7f
                ? String.valueOf(c)
                : String.format(Locale.ROOT, "\\u%04x", (int) c);
    }
}
