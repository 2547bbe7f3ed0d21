package dev.sluice.internal.services.http;

import dev.sluice.plugin.HttpClientLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response within the limits: the status line and each header at most {@code
 * max_header_bytes}, at most {@code max_headers} headers, a body (by {@code Content-Length},
 * chunked, or up to the end of the connection) of at most {@code max_response_bytes}. Interim 1xx
 * responses are skipped. Anything malformed is an error naming the server, not a guess.
 */
final class ResponseReader {

    private final InputStream in;
    private final HttpClientLimits limits;
    private final String server;
    private final byte[] buffer = new byte[8192];
    private int at;
    private int end;
    private long read;

    ResponseReader(InputStream in, HttpClientLimits limits, String server) {
        this.in = in;
        this.limits = limits;
        this.server = server;
    }

    long bytesRead() {
        return read - (end - at);
    }

    PluginResponse read(boolean head) throws IOException, HttpFailure {
        while (true) {
            int status = statusLine();
            var headers = headers();
            if (status >= 100 && status < 200) {
                continue; // interim (100 Continue, 103 Early Hints): the answer follows
            }
            boolean empty = head || status == 204 || status == 304;
            byte[] body = empty ? new byte[0] : body(headers);
            return new PluginResponse(status, headers, body);
        }
    }

    private int statusLine() throws IOException, HttpFailure {
        String line = line("status line");
        // HTTP/1.1 200 OK
        if (line.length() < 12
                || !line.startsWith("HTTP/1.")
                || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw protocol(
                    "answered with '"
                            + HttpTarget.shorten(line)
                            + "', not an HTTP/1.x status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw protocol("answered with the status '" + line.substring(9, 12) + "'");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599) {
            throw protocol("answered with the status " + status);
        }
        return status;
    }

    private List<HttpHeader> headers() throws IOException, HttpFailure {
        var headers = new ArrayList<HttpHeader>();
        while (true) {
            String line = line("header");
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() == limits.maxHeaders()) {
                throw limit(
                        "sent more than "
                                + limits.maxHeaders()
                                + " headers (http_client.max_headers)");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw protocol("sent a malformed header line '" + HttpTarget.shorten(line) + "'");
            }
            headers.add(
                    new HttpHeader(
                            line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
    }

    private byte[] body(List<HttpHeader> headers) throws IOException, HttpFailure {
        String encoding = null;
        String length = null;
        for (var h : headers) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.equals("transfer-encoding")) {
                encoding = h.value().toLowerCase(Locale.ROOT);
            } else if (name.equals("content-length")) {
                if (length != null && !length.equals(h.value())) {
                    throw protocol("sent two different Content-Length headers");
                }
                length = h.value();
            }
        }
        if (encoding != null) {
            if (!encoding.endsWith("chunked")) {
                throw protocol(
                        "sent a body in the transfer coding '"
                                + encoding
                                + "', which is not supported");
            }
            return chunked();
        }
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw protocol("sent Content-Length '" + HttpTarget.shorten(length) + "'");
            }
            checkSize(n);
            var body = new ByteArrayOutputStream((int) n);
            copy(body, n);
            return body.toByteArray();
        }
        var body = new ByteArrayOutputStream();
        while (fill()) {
            checkSize((long) body.size() + (end - at));
            body.write(buffer, at, end - at);
            at = end;
        }
        return body.toByteArray();
    }

    private byte[] chunked() throws IOException, HttpFailure {
        var body = new ByteArrayOutputStream();
        while (true) {
            String line = line("chunk size");
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
            long size;
            try {
                size = hex.isEmpty() || hex.length() > 15 ? -1 : Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0) {
                throw protocol("sent a malformed chunk size '" + HttpTarget.shorten(line) + "'");
            }
            if (size == 0) {
                while (!line("trailer").isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            checkSize(body.size() + size);
            copy(body, size);
            if (!line("chunk end").isEmpty()) {
                throw protocol("sent a chunk longer than its size");
            }
        }
    }

    private void copy(ByteArrayOutputStream to, long n) throws IOException, HttpFailure {
        while (n > 0) {
            if (!fill()) {
                throw protocol("closed the connection before the body was complete");
            }
            int take = (int) Math.min(n, end - at);
            to.write(buffer, at, take);
            at += take;
            n -= take;
        }
    }

    private void checkSize(long bytes) throws HttpFailure {
        if (bytes > limits.maxResponseBytes()) {
            throw limit(
                    "answered with a body of more than "
                            + limits.maxResponseBytes()
                            + " bytes (http_client.max_response_bytes); it was dropped");
        }
    }

    /** One line without its CRLF (a bare LF is accepted), at most {@code max_header_bytes}. */
    private String line(String what) throws IOException, HttpFailure {
        var line = new ByteArrayOutputStream(64);
        while (true) {
            if (!fill()) {
                throw protocol("closed the connection in the middle of a " + what);
            }
            while (at < end) {
                byte b = buffer[at++];
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int n =
                            bytes.length > 0 && bytes[bytes.length - 1] == '\r'
                                    ? bytes.length - 1
                                    : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                if (line.size() >= limits.maxHeaderBytes()) {
                    throw limit(
                            "sent a "
                                    + what
                                    + " longer than "
                                    + limits.maxHeaderBytes()
                                    + " bytes (http_client.max_header_bytes)");
                }
                line.write(b);
            }
        }
    }

    /** Makes sure bytes are buffered; false at the end of the connection. */
    private boolean fill() throws IOException {
        if (at < end) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        at = 0;
        end = n;
        read += n;
        return true;
    }

    private HttpFailure protocol(String what) {
        return new HttpFailure("protocol", server + " " + what);
    }

    private HttpFailure limit(String what) {
        return new HttpFailure("limit", server + " " + what);
    }
}
