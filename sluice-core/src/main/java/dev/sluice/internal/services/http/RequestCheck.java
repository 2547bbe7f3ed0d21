package dev.sluice.internal.services.http;

import dev.sluice.plugin.HttpClientLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request must be before anything is sent: a method from a fixed list, an http(s) URL,
 * headers that are well-formed, within {@code max_headers} and {@code max_header_bytes} and none of
 * those the host sets itself (framing and connection headers: a plugin cannot smuggle a second
 * request), a body within {@code max_request_bytes}.
 */
final class RequestCheck {

    static final List<String> METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** Set by the host: the connection and the framing are its business. */
    private static final Set<String> HOST_HEADERS =
            Set.of(
                    "host",
                    "content-length",
                    "transfer-encoding",
                    "connection",
                    "keep-alive",
                    "upgrade",
                    "te",
                    "trailer",
                    "expect",
                    "proxy-connection");

    /** Not sent to another origin after a redirect. */
    private static final Set<String> CREDENTIALS =
            Set.of("authorization", "cookie", "proxy-authorization");

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    record Checked(String method, HttpTarget target, List<HttpHeader> headers) {}

    private RequestCheck() {}

    static Checked check(PluginRequest request, HttpClientLimits limits) throws HttpFailure {
        String method = request.method();
        if (!METHODS.contains(method)) {
            throw invalid(
                    "the method '"
                            + HttpTarget.shorten(method)
                            + "' is not allowed; use one of "
                            + String.join(", ", METHODS)
                            + " (upper case)");
        }
        var target = HttpTarget.parse(request.url());
        if (request.body().length > limits.maxRequestBytes()) {
            throw new HttpFailure(
                    "limit",
                    "the request body is "
                            + request.body().length
                            + " bytes, more than http_client.max_request_bytes ("
                            + limits.maxRequestBytes()
                            + "); nothing was sent");
        }
        if (request.headers().size() > limits.maxHeaders()) {
            throw new HttpFailure(
                    "limit",
                    "the request has "
                            + request.headers().size()
                            + " headers, more than http_client.max_headers ("
                            + limits.maxHeaders()
                            + "); nothing was sent");
        }
        for (var h : request.headers()) {
            checkHeader(h, limits);
        }
        return new Checked(method, target, request.headers());
    }

    private static void checkHeader(HttpHeader h, HttpClientLimits limits) throws HttpFailure {
        String name = h.name();
        if (!TOKEN.matcher(name).matches()) {
            throw invalid(
                    "the header name '" + HttpTarget.shorten(name) + "' is not an HTTP token");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (HOST_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
            throw invalid(
                    "the header " + name + " is set by the host; leave it out of the request");
        }
        String value = h.value();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw invalid(
                        "the value of header "
                                + name
                                + " has the character U+"
                                + String.format(Locale.ROOT, "%04X", (int) c)
                                + "; only visible ASCII, space and tab may be sent");
            }
        }
        if (name.length() + value.length() > limits.maxHeaderBytes()) {
            throw new HttpFailure(
                    "limit",
                    "the header "
                            + name
                            + " is "
                            + (name.length() + value.length())
                            + " bytes, more than http_client.max_header_bytes ("
                            + limits.maxHeaderBytes()
                            + "); nothing was sent");
        }
    }

    /** The headers without credentials, for a redirect to another origin. */
    static List<HttpHeader> withoutCredentials(List<HttpHeader> headers) {
        var kept = new ArrayList<HttpHeader>(headers.size());
        for (var h : headers) {
            if (!CREDENTIALS.contains(h.name().toLowerCase(Locale.ROOT))) {
                kept.add(h);
            }
        }
        return kept;
    }

    private static HttpFailure invalid(String message) {
        return new HttpFailure("invalid", message);
    }
}
