package dev.sluice.server.http;

import java.util.Map;

/**
 * The fields of a request body, read the same way whether it came as JSON or form-encoded, with
 * errors that say exactly which field is wrong and quote what was sent.
 */
final class RequestBody {

    /** How much of a value an error message quotes. */
    private static final int QUOTE_LIMIT = 100;

    enum Format {
        JSON,
        FORM
    }

    private final Format format;
    private final Map<String, BodyField> fields;

    RequestBody(Format format, Map<String, BodyField> fields) {
        this.format = format;
        this.fields = Map.copyOf(fields);
    }

    Map<String, BodyField> fields() {
        return fields;
    }

    /** A required text field. */
    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw new InvalidRequest("missing field '" + field + "'");
        }
        return value;
    }

    /** A text field that may be absent or null; empty text is kept as empty. */
    String optionalText(String field) {
        BodyField value = fields.get(field);
        if (value == null || value instanceof BodyField.Null) {
            return null;
        }
        if (value instanceof BodyField.Text text) {
            return text.value();
        }
        throw new InvalidRequest("field '" + field + "' must be a string, got " + kind(value));
    }

    /**
     * A non-negative integer field of at most {@code max}, or {@code defaultValue} when absent.
     * Numbers past {@code max}, however large, are refused quoting what was sent: they are never
     * wrapped or rounded into range.
     */
    long number(String field, long defaultValue, long max) {
        BodyField value = fields.get(field);
        String literal;
        if (value == null || value instanceof BodyField.Null) {
            return defaultValue;
        } else if (value instanceof BodyField.Number number) {
            literal = number.literal();
        } else if (value instanceof BodyField.Text text && format == Format.FORM) {
            if (text.value().isEmpty()) {
                return defaultValue;
            }
            literal = text.value();
            if (!literal.matches("-?[0-9]+")) {
                throw new InvalidRequest(
                        "field '" + field + "' must be an integer, got '" + quote(literal) + "'");
            }
        } else {
            throw new InvalidRequest(
                    "field '" + field + "' must be an integer, got " + kind(value));
        }
        if (!literal.matches("-?[0-9]+")) {
            throw new InvalidRequest(
                    "field '" + field + "' must be an integer, got " + quote(literal));
        }
        long parsed = nonNegative(literal);
        if (parsed < 0 || parsed > max) {
            throw new InvalidRequest(
                    "field '"
                            + field
                            + "' must be between 0 and "
                            + max
                            + ", got "
                            + quote(literal));
        }
        return parsed;
    }

    /** The value of a decimal integer literal, or -1 when it is negative or past a long. */
    private static long nonNegative(String literal) {
        boolean negative = literal.startsWith("-");
        String digits = negative ? literal.substring(1) : literal;
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        digits = digits.substring(first);
        if (negative) {
            return digits.equals("0") ? 0 : -1;
        }
        if (digits.length() > 19) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1; // 19 digits past Long.MAX_VALUE
        }
    }

    static String quote(String sent) {
        if (sent.length() <= QUOTE_LIMIT) {
            return sent;
        }
        return sent.substring(0, QUOTE_LIMIT) + "… (" + sent.length() + " characters)";
    }

    private static String kind(BodyField value) {
        if (value instanceof BodyField.Text) {
            return "a string";
        } else if (value instanceof BodyField.Number) {
            return "a number";
        } else if (value instanceof BodyField.Other other) {
            return other.kind();
        }
        return "null";
    }
}
