package dev.sluice.server.http;

import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Turns a request's bytes and content type into a {@link RequestBody}. {@link #parse} needs no
 * server (the fuzz tests call it directly); {@link #read} takes the bytes from a request, never
 * more than the limit, so one request cannot fill the heap.
 */
final class BodyReader {

    private final long maxBytes;
    private final Duration timeout;
    private final JsonBody json;

    /**
     * @param maxBytes the largest body accepted ({@code http.max_request_size})
     * @param timeout how long a body may take to arrive once its headers have ({@code
     *     http.body_timeout})
     */
    BodyReader(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.json = new JsonBody(maxBytes);
    }

    long maxBytes() {
        return maxBytes;
    }

    /**
     * The request's body, read without holding a thread while its bytes arrive: a client that sends
     * slowly costs a connection, not one of the threads every other request needs. Completes with
     * the parsed body, or with an {@link InvalidRequest} (413 past the limit, 408 when Jetty's
     * data-rate or idle limit cut the upload short or the body took longer than {@code
     * http.body_timeout}, 400 when it does not parse).
     */
    CompletableFuture<RequestBody> read(Context ctx) {
        var result = new CompletableFuture<byte[]>();
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            result.completeExceptionally(tooLarge(declared + " bytes"));
        } else {
            try {
                ServletInputStream in = ctx.req().getInputStream();
                // Jetty calls onDataAvailable once the handler returns; asking isReady() here as
                // well lost that call now and then (a request left unread until the idle timeout).
                in.setReadListener(new Collector(in, declared, result));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(unreadable(e));
            }
        }
        String type = ctx.contentType();
        return result.handle(
                (bytes, error) -> {
                    if (error != null) {
                        throw failure(error);
                    }
                    return parse(bytes, type);
                });
    }

    private InvalidRequest failure(Throwable error) {
        Throwable cause =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        if (cause instanceof InvalidRequest invalid) {
            return invalid;
        }
        if (cause instanceof TimeoutException) {
            return new InvalidRequest(
                    408,
                    "the request body did not arrive within "
                            + timeout.toMillis()
                            + " ms (http.body_timeout); send it at once");
        }
        return unreadable(cause);
    }

    /** Parses a body that has already been read; {@code contentType} may be null. */
    RequestBody parse(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).trim();
        String media = type.contains(";") ? type.substring(0, type.indexOf(';')).trim() : type;
        if (!media.isEmpty()
                && !media.equals("application/json")
                && !media.equals("application/x-www-form-urlencoded")) {
            throw new InvalidRequest(
                    "unsupported content type '"
                            + contentType
                            + "' (send application/json or application/x-www-form-urlencoded)");
        }
        String charset = charset(type);
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            throw new InvalidRequest(
                    "unsupported charset '" + charset + "' (bodies must be UTF-8)");
        }
        if (media.equals("application/x-www-form-urlencoded")) {
            return new RequestBody(RequestBody.Format.FORM, FormBody.parse(body));
        }
        return new RequestBody(RequestBody.Format.JSON, json.parse(body));
    }

    private static String charset(String type) {
        for (String parameter : type.split(";")) {
            String p = parameter.trim();
            if (p.startsWith("charset=")) {
                return p.substring("charset=".length()).replace("\"", "").trim();
            }
        }
        return null;
    }

    /**
     * Gathers the body as Jetty delivers it, up to the limit.
     *
     * <p>The body's deadline is armed only once the body has to be waited for: most bodies are
     * whole in the first read, and a timer per request (CompletableFuture's delayer: one shared
     * queue under one lock, and a wake-up of its thread whenever the queue was empty) cost every
     * request a thread switch. The deadline still counts from when Jetty handed the request over,
     * which it does once the body's first bytes have come (before them, {@code http.idle_timeout}
     * bounds the wait).
     */
    private final class Collector implements ReadListener {
        private final ServletInputStream in;
        private final CompletableFuture<byte[]> result;
        private final ByteArrayOutputStream out;
        private final byte[] buffer = new byte[8192];
        private final long started = System.nanoTime();

        /** Only onDataAvailable reads and sets it, and Jetty never runs two of those at once. */
        private boolean armed;

        Collector(ServletInputStream in, long declared, CompletableFuture<byte[]> result) {
            this.in = in;
            this.result = result;
            this.out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        }

        /** The rest of the body has not arrived yet: from now on it is timed. */
        private void waiting() {
            if (!result.isDone() && !armed) {
                armed = true;
                long left = timeout.toNanos() - (System.nanoTime() - started);
                result.orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!result.isDone() && in.isReady()) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                if ((long) out.size() + n > maxBytes) {
                    result.completeExceptionally(tooLarge("more than " + maxBytes + " bytes"));
                    return;
                }
                out.write(buffer, 0, n);
            }
            waiting();
        }

        @Override
        public void onAllDataRead() {
            result.complete(out.toByteArray());
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(unreadable(t));
        }
    }

    private static InvalidRequest unreadable(Throwable t) {
        if (t instanceof BadMessageException bad) {
            return new InvalidRequest(
                    bad.getCode(), "the request body was not read: " + bad.getReason());
        }
        return new InvalidRequest(
                408,
                "the request body was not read: "
                        + (t.getMessage() == null ? "the connection failed" : t.getMessage())
                        + " (see http.idle_timeout)");
    }

    private InvalidRequest tooLarge(String size) {
        return new InvalidRequest(
                413,
                "request body too large: "
                        + size
                        + ", the limit is "
                        + maxBytes
                        + " bytes (http.max_request_size); send smaller records");
    }
}
