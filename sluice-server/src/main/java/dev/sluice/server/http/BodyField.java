package dev.sluice.server.http;

/** One field of a request body as it was sent, before it is read as the type a handler wants. */
sealed interface BodyField {

    /** A JSON string or any form value. */
    record Text(String value) implements BodyField {}

    /** A JSON number, exactly as written, so errors can quote it. */
    record Number(String literal) implements BodyField {}

    /** JSON {@code null}: treated as absent. */
    record Null() implements BodyField {}

    /** A JSON boolean, object or array; {@code kind} reads "a boolean", "an object"… */
    record Other(String kind) implements BodyField {}
}
