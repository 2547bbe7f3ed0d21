package dev.sluice.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on the outgoing HTTP requests plugins make (the {@code http} interface, OurChat's {@code
 * http_request}), the same for every plugin. Past one, the call gets an error naming the setting;
 * nothing is sent, or what was received is dropped.
 *
 * @param maxRequestBytes the largest request body a plugin may send
 * @param maxResponseBytes the largest response body a plugin is given; a larger one is an error
 * @param maxHeaders the most headers a request may carry, and a response may return
 * @param maxHeaderBytes the largest header (name and value together), either way
 * @param maxRedirects how many redirects one call follows, each re-checked against the grant
 * @param timeout the longest one call may take in all (resolving, connecting, every hop); the
 *     plugin's own deadline (its {@code max_execution_time}) bounds it further
 */
public record HttpClientLimits(
        long maxRequestBytes,
        long maxResponseBytes,
        int maxHeaders,
        int maxHeaderBytes,
        int maxRedirects,
        Duration timeout) {

    private static final HttpClientLimits DEFAULTS =
            new HttpClientLimits(1 << 20, 4 << 20, 64, 8192, 5, Duration.ofSeconds(10));

    public HttpClientLimits {
        Objects.requireNonNull(timeout, "timeout");
        positive(maxRequestBytes, "max_request_bytes");
        positive(maxResponseBytes, "max_response_bytes");
        positive(maxHeaders, "max_headers");
        positive(maxHeaderBytes, "max_header_bytes");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException(
                    "http_client.max_redirects must be 0 or more, was " + maxRedirects);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "http_client.timeout must be positive, was " + timeout.toMillis() + " ms");
        }
    }

    /** 1 MiB requests, 4 MiB responses, 64 headers of 8 KiB, 5 redirects, 10 s. */
    public static HttpClientLimits defaults() {
        return DEFAULTS;
    }

    private static void positive(long value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException(
                    "http_client." + key + " must be positive, was " + value);
        }
    }
}
