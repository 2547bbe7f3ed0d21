package dev.sluice.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One field of a request body as it was sent, before it is read as the type a handler wants. */
sealed interface BodyField {

    /** A JSON string or any form value. */
    record Text(String value) implements BodyField {}

    /** A JSON number, exactly as written, so errors can quote it. */
    record Number(String literal) implements BodyField {}

    /** JSON {@code null}: treated as absent. */
    record Null() implements BodyField {}

    /** A JSON array, its items read by the same rules as the body. */
    record Array(List<BodyField> items) implements BodyField {
        public Array {
            items = List.copyOf(items);
        }
    }

    /** A JSON object, its fields in the order sent (each name once). */
    record Struct(Map<String, BodyField> fields) implements BodyField {
        public Struct {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** A JSON boolean; {@code kind} reads "a boolean". */
    record Other(String kind) implements BodyField {}
}
