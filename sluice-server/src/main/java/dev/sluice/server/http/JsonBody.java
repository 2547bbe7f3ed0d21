package dev.sluice.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JSON request body strictly: exactly one object, nothing after it, UTF-8 only, no unpaired
 * surrogates, no field twice, and within limits on depth and on the length of numbers, names and
 * strings, each refused with a message saying where.
 */
final class JsonBody {

    /** A produce body's batch of records with headers needs four levels; the rest is slack. */
    static final int MAX_DEPTH = 32;

    /** Offsets and partitions need 20 digits; longer numbers cost parse time and mean nothing. */
    static final int MAX_NUMBER_LENGTH = 100;

    static final int MAX_NAME_LENGTH = 1024;

    private final JsonFactory factory;
    private final long maxBytes;

    JsonBody(long maxBytes) {
        this.maxBytes = maxBytes;
        int maxString = (int) Math.min(maxBytes, Integer.MAX_VALUE);
        this.factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(MAX_DEPTH)
                                        .maxNumberLength(MAX_NUMBER_LENGTH)
                                        .maxNameLength(MAX_NAME_LENGTH)
                                        .maxStringLength(maxString)
                                        .maxDocumentLength(maxBytes)
                                        .build())
                        .build();
    }

    Map<String, BodyField> parse(byte[] body) {
        int invalid = Utf8.firstInvalid(body);
        if (invalid >= 0) {
            throw new InvalidRequest(
                    "the body is not valid UTF-8: "
                            + Utf8.describe(body, invalid)
                            + " (JSON must be UTF-8)");
        }
        // Jackson guesses UTF-16 or UTF-32 from zero bytes at the start (and then refuses some
        // patterns with an IOException); JSON is UTF-8 and never holds a raw NUL, so such a body
        // is refused here and Jackson only ever reads UTF-8.
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                throw new InvalidRequest(
                        "malformed JSON: byte 0x00 at offset "
                                + i
                                + " (JSON text is UTF-8 and cannot hold a raw NUL)");
            }
        }
        JsonParser parser;
        try {
            parser = factory.createParser(body);
        } catch (IOException e) {
            throw new InvalidRequest("malformed JSON: " + e.getMessage());
        }
        try (parser) {
            return object(parser);
        } catch (StreamConstraintsException e) {
            throw new InvalidRequest(limit(e) + " at " + where(parser.currentLocation()));
        } catch (JsonProcessingException e) {
            throw new InvalidRequest(
                    "malformed JSON at "
                            + where(
                                    e.getLocation() == null
                                            ? parser.currentLocation()
                                            : e.getLocation())
                            + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            // A byte array cannot fail to be read.
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, BodyField> object(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new InvalidRequest("empty request body (expected a JSON object)");
        }
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidRequest("the body must be a JSON object");
        }
        var fields = members(p);
        JsonLocation end = p.currentLocation();
        JsonToken after;
        try {
            after = p.nextToken();
        } catch (StreamConstraintsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            after = JsonToken.NOT_AVAILABLE;
        }
        if (after != null) {
            throw new InvalidRequest(
                    "unexpected content after the JSON object (which ends at "
                            + where(end)
                            + "): a body holds exactly one JSON object");
        }
        return fields;
    }

    /** The fields of the object whose start the parser has just read, through its end. */
    private Map<String, BodyField> members(JsonParser p) throws IOException {
        var fields = new LinkedHashMap<String, BodyField>();
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkText(p, name, "field name");
            if (fields.containsKey(name)) {
                throw new InvalidRequest(
                        "field '"
                                + name
                                + "' appears twice (at "
                                + where(p.currentTokenLocation())
                                + "); send each field once");
            }
            fields.put(name, field(p, p.nextToken()));
        }
        unclosed(p, token);
        return fields;
    }

    /**
     * A value, nested ones read in full (their depth is bounded by {@link #MAX_DEPTH}, so the
     * recursion is too).
     */
    private BodyField field(JsonParser p, JsonToken token) throws IOException {
        unclosed(p, token);
        return switch (token) {
            case VALUE_STRING -> {
                String text = p.getText();
                checkText(p, text, "string");
                yield new BodyField.Text(text);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new BodyField.Number(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> new BodyField.Other("a boolean");
            case VALUE_NULL -> new BodyField.Null();
            case START_OBJECT -> new BodyField.Struct(members(p));
            case START_ARRAY -> {
                var items = new ArrayList<BodyField>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(field(p, next));
                }
                yield new BodyField.Array(items);
            }
            default ->
                    throw new InvalidRequest(
                            "malformed JSON at "
                                    + where(p.currentTokenLocation())
                                    + ": unexpected "
                                    + token);
        };
    }

    /** The body ended inside a value (the parser itself reports other malformed input). */
    private static void unclosed(JsonParser p, JsonToken token) {
        if (token == null) {
            throw new InvalidRequest(
                    "malformed JSON at "
                            + where(p.currentLocation())
                            + ": the body ends inside an object or array");
        }
    }

    private static void checkText(JsonParser p, String text, String what) {
        int at = Utf8.firstUnpairedSurrogate(text);
        if (at >= 0) {
            throw new InvalidRequest(
                    String.format(
                            java.util.Locale.ROOT,
                            "unpaired surrogate \\u%04x at character %d of the %s at %s (JSON text"
                                    + " must be valid Unicode; send a pair or the character"
                                    + " itself)",
                            (int) text.charAt(at),
                            at,
                            what,
                            where(p.currentTokenLocation())));
        }
    }

    /** Names the limit a body broke, in the server's words rather than Jackson's method names. */
    private String limit(StreamConstraintsException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("getMaxNestingDepth")) {
            return "JSON nested deeper than " + MAX_DEPTH + " levels";
        }
        if (m.contains("getMaxNumberLength")) {
            return "a JSON number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (m.contains("getMaxNameLength")) {
            return "a JSON field name longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (m.contains("getMaxStringLength")) {
            return "a JSON string longer than " + maxBytes + " characters";
        }
        if (m.contains("getMaxDocumentLength")) {
            return "a JSON body longer than " + maxBytes + " bytes";
        }
        int from = m.indexOf(" (");
        return "the JSON breaks a limit: " + (from < 0 ? m : m.substring(0, from));
    }

    static String where(JsonLocation at) {
        if (at == null) {
            return "an unknown position";
        }
        return "line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + " (byte "
                + at.getByteOffset()
                + ")";
    }
}
