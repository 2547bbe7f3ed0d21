package dev.sluice.internal.contract.ourchat;

import dev.sluice.internal.services.http.HttpHeader;
import dev.sluice.internal.services.http.HttpResult;
import dev.sluice.internal.services.http.PluginHttp;
import dev.sluice.internal.services.http.PluginRequest;
import dev.sluice.internal.text.JsonReader;
import dev.sluice.internal.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OurChat's {@code http_request}: the request as JSON text in guest memory, the answer as JSON text
 * in a buffer the plugin gets back (the {@code get_config} encoding), or a negative code, with the
 * error's text kept for {@code http_last_error}. Same permission and limits as the sluice world's
 * {@code http.send}: the work is {@link PluginHttp}'s.
 *
 * <pre>
 * request:  {"method": "GET", "url": "https://…", "headers": [["Accept", "text/plain"]],
 *            "body": "text" | "body_base64": "…"}       ;; method defaults to GET
 * response: {"status": 200, "headers": [["Content-Type", "text/plain"]],
 *            "body": "text" | "body_base64": "…"}       ;; base64 when the body is not UTF-8
 * </pre>
 */
final class OurChatHttp {

    /** The request is not valid JSON of that shape, or the request itself is malformed. */
    static final int INVALID = -1;

    /** Not granted: no {@code http} permission, or a host or address the grant does not cover. */
    static final int REFUSED = -2;

    /** Tried and failed: connecting, TLS, the server's answer, a limit, a timeout. */
    static final int FAILED = -3;

    private static final Set<String> FIELDS =
            Set.of("method", "url", "headers", "body", "body_base64");

    private final PluginHttp http;
    private String lastError;

    OurChatHttp(PluginHttp http) {
        this.http = http;
    }

    /**
     * The largest request text accepted: the body's limit, base64-encoded, and room for the rest.
     */
    long maxRequestTextBytes() {
        return http.limits().maxRequestBytes() / 3 * 4 + 4 + 64 * 1024;
    }

    /** The response JSON, or null with {@link #lastError()} set and a code from {@link #code()}. */
    Answer request(String json) {
        lastError = null;
        PluginRequest request;
        try {
            request = parse(json);
        } catch (IllegalArgumentException | JsonReader.Malformed e) {
            return fail(INVALID, "http_request: " + e.getMessage());
        }
        HttpResult result = http.send(request);
        if (result instanceof HttpResult.Ok ok) {
            return new Answer(
                    0,
                    write(ok.response().status(), ok.response().headers(), ok.response().body()));
        }
        var err = (HttpResult.Err) result;
        int code =
                switch (err.failure()) {
                    case INVALID -> INVALID;
                    case REFUSED -> REFUSED;
                    case FAILED -> FAILED;
                };
        return fail(code, err.message());
    }

    /** Exceeding the request text limit, before it is read. */
    Answer tooLong(long bytes) {
        return fail(
                FAILED,
                "http_request: the request is "
                        + bytes
                        + " bytes, more than "
                        + maxRequestTextBytes()
                        + " (http_client.max_request_bytes, base64-encoded, and 64 KiB for the"
                        + " rest)");
    }

    /** Either the response's JSON (code 0) or a negative code. */
    record Answer(int code, String json) {}

    /** The error of the last failed request in this instance; null after one that succeeded. */
    String lastError() {
        return lastError;
    }

    private Answer fail(int code, String message) {
        lastError = message;
        return new Answer(code, null);
    }

    private static PluginRequest parse(String json) throws JsonReader.Malformed {
        if (!(JsonReader.read(json) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the request must be a JSON object");
        }
        for (var key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown field \""
                                + key
                                + "\"; the fields are method, url, headers, body, body_base64");
            }
        }
        String method = map.containsKey("method") ? text(map.get("method"), "method") : "GET";
        if (!map.containsKey("url")) {
            throw new IllegalArgumentException("the field \"url\" is missing");
        }
        String url = text(map.get("url"), "url");
        var headers = new ArrayList<HttpHeader>();
        Object raw = map.get("headers");
        if (raw instanceof List<?> list) {
            for (var pair : list) {
                if (!(pair instanceof List<?> p) || p.size() != 2) {
                    throw new IllegalArgumentException("each header must be a pair [name, value]");
                }
                headers.add(
                        new HttpHeader(
                                text(p.get(0), "header name"), text(p.get(1), "header value")));
            }
        } else if (raw != null) {
            throw new IllegalArgumentException("\"headers\" must be a list of [name, value] pairs");
        }
        if (map.containsKey("body") && map.containsKey("body_base64")) {
            throw new IllegalArgumentException("give \"body\" or \"body_base64\", not both");
        }
        byte[] body = new byte[0];
        if (map.containsKey("body")) {
            body = text(map.get("body"), "body").getBytes(StandardCharsets.UTF_8);
        } else if (map.containsKey("body_base64")) {
            body = Base64.getDecoder().decode(text(map.get("body_base64"), "body_base64"));
        }
        return new PluginRequest(method, url, headers, body);
    }

    private static String text(Object value, String what) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("\"" + what + "\" must be a string");
    }

    private static String write(int status, List<HttpHeader> headers, byte[] body) {
        var out = new StringBuilder(64 + body.length + headers.size() * 32);
        out.append("{\"status\":").append(status).append(",\"headers\":[");
        for (int i = 0; i < headers.size(); i++) {
            out.append(i == 0 ? "[" : ",[");
            quote(out, headers.get(i).name());
            out.append(',');
            quote(out, headers.get(i).value());
            out.append(']');
        }
        out.append("],");
        if (Utf8.firstInvalid(body) < 0) {
            out.append("\"body\":");
            quote(out, new String(body, StandardCharsets.UTF_8));
        } else {
            out.append("\"body_base64\":\"")
                    .append(Base64.getEncoder().encodeToString(body))
                    .append('"');
        }
        return out.append('}').toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
