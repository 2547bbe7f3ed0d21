package dev.sluice.server.config;

import java.time.Duration;

/**
 * Limits on what HTTP clients may hold of the server ({@code http:} in the settings file), so that
 * slow or greedy clients cannot starve the others or fill the heap.
 *
 * @param maxRequestBytes the largest request body accepted; larger ones get 413
 * @param idleTimeout how long a connection may send or receive nothing before it is closed
 * @param bodyTimeout how long a request body may take to arrive in full; slower uploads are cut off
 *     with 408 (Jetty's own minimum data rate is not used: it also refuses a small body that
 *     arrived at once but was read late, as happens on a loaded server)
 * @param maxConnections open connections at most; past it new ones wait to be accepted
 * @param maxThreads threads that run requests; requests beyond them wait in a queue as long as
 *     {@code maxConnections}
 */
public record HttpSettings(
        long maxRequestBytes,
        Duration idleTimeout,
        Duration bodyTimeout,
        int maxConnections,
        int maxThreads) {

    public HttpSettings {
        require(maxRequestBytes > 0, "http.max_request_size must be positive");
        require(
                !idleTimeout.isNegative() && !idleTimeout.isZero(),
                "http.idle_timeout must be positive");
        require(
                !bodyTimeout.isNegative() && !bodyTimeout.isZero(),
                "http.body_timeout must be positive");
        require(maxConnections > 0, "http.max_connections must be positive");
        require(maxThreads >= 16, "http.max_threads must be at least 16");
    }

    /**
     * 16 MiB bodies (at most a sixteenth of the heap), 30 s idle and per body, 1024 connections.
     */
    public static HttpSettings defaults() {
        return new HttpSettings(
                Math.min(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                1024,
                200);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
