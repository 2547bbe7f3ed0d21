package dev.sluice.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Reads the fields of a request body the same way whether it came as JSON or form-encoded, and says
 * exactly which field is wrong.
 */
final class RequestBody {

    private final JsonNode json;
    private final Context form;

    private RequestBody(JsonNode json, Context form) {
        this.json = json;
        this.form = form;
    }

    static RequestBody of(Context ctx, ObjectMapper mapper) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            return new RequestBody(null, ctx);
        }
        if (!type.isEmpty() && !type.startsWith("application/json")) {
            throw new InvalidRequest(
                    "unsupported content type '"
                            + ctx.contentType()
                            + "' (send application/json or application/x-www-form-urlencoded)");
        }
        String body = ctx.body();
        if (body.isBlank()) {
            throw new InvalidRequest("empty request body (expected a JSON object)");
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest(
                    "malformed JSON at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr()
                            + ": "
                            + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("the body must be a JSON object");
        }
        return new RequestBody(node, null);
    }

    /** A required, non-empty text field. */
    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw new InvalidRequest("missing field '" + field + "'");
        }
        return value;
    }

    /** A text field that may be absent or null; empty text is kept as empty. */
    String optionalText(String field) {
        if (form != null) {
            return form.formParam(field);
        }
        var node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequest("field '" + field + "' must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    /** A non-negative integer field with a default. */
    long number(String field, long defaultValue, long max) {
        long value;
        if (form != null) {
            String text = form.formParam(field);
            if (text == null || text.isEmpty()) {
                return defaultValue;
            }
            try {
                value = Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidRequest(
                        "field '" + field + "' must be an integer, got '" + text + "'");
            }
        } else {
            var node = json.get(field);
            if (node == null || node.isNull()) {
                return defaultValue;
            }
            if (!node.isIntegralNumber()) {
                throw new InvalidRequest(
                        "field '" + field + "' must be an integer, got " + kind(node));
            }
            value = node.asLong();
        }
        if (value < 0 || value > max) {
            throw new InvalidRequest(
                    "field '" + field + "' must be between 0 and " + max + ", got " + value);
        }
        return value;
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
