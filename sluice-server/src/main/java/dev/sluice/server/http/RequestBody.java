package dev.sluice.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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
    private final String path;

    RequestBody(Format format, Map<String, BodyField> fields) {
        this(format, fields, "");
    }

    /**
     * @param path where these fields are in the body, for messages ("records[2]."), or empty
     */
    private RequestBody(Format format, Map<String, BodyField> fields, String path) {
        this.format = format;
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.path = path;
    }

    /** The fields in the order sent. */
    Map<String, BodyField> fields() {
        return fields;
    }

    Format format() {
        return format;
    }

    /** The fields of a nested object, read the same way, named by where they are. */
    RequestBody nested(BodyField.Struct object, String where) {
        return new RequestBody(format, object.fields(), path + where + ".");
    }

    /** How messages name {@code field}: with the path of a nested object ("records[2].value"). */
    String name(String field) {
        return path + field;
    }

    /** The field as sent, null when absent or JSON null. */
    BodyField optional(String field) {
        BodyField value = fields.get(field);
        return value instanceof BodyField.Null ? null : value;
    }

    /** Refuses a field this body may not have, naming those it may. */
    void onlyFields(Set<String> allowed) {
        for (String name : fields.keySet()) {
            if (!allowed.contains(name)) {
                throw new InvalidRequest(
                        "unknown field '"
                                + quote(name(name))
                                + "' (the fields here are "
                                + String.join(", ", allowed)
                                + ")");
            }
        }
    }

    /** A required text field. */
    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw new InvalidRequest("missing field '" + name(field) + "'");
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
        throw new InvalidRequest(
                "field '" + name(field) + "' must be a string, got " + kind(value));
    }

    /** {@code -?[0-9]+}, without compiling a pattern per field of every request. */
    private static boolean isInteger(String literal) {
        int start = literal.startsWith("-") ? 1 : 0;
        if (literal.length() == start) {
            return false;
        }
        for (int i = start; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
            if (!isInteger(literal)) {
                throw new InvalidRequest(
                        "field '"
                                + name(field)
                                + "' must be an integer, got '"
                                + quote(literal)
                                + "'");
            }
        } else {
            throw new InvalidRequest(
                    "field '" + name(field) + "' must be an integer, got " + kind(value));
        }
        if (!isInteger(literal)) {
            throw new InvalidRequest(
                    "field '" + name(field) + "' must be an integer, got " + quote(literal));
        }
        long parsed = nonNegative(literal);
        if (parsed < 0 || parsed > max) {
            throw new InvalidRequest(
                    "field '"
                            + name(field)
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

    static String kind(BodyField value) {
        if (value instanceof BodyField.Text) {
            return "a string";
        } else if (value instanceof BodyField.Number) {
            return "a number";
        } else if (value instanceof BodyField.Array) {
            return "an array";
        } else if (value instanceof BodyField.Struct) {
            return "an object";
        } else if (value instanceof BodyField.Other other) {
            return other.kind();
        } else if (value instanceof BodyField.Null) {
            return "null";
        }
        throw new IllegalStateException("no name for the JSON value " + value);
    }
}
