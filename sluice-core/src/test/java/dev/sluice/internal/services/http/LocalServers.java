package dev.sluice.internal.services.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** Servers on 127.0.0.1 for the http tests: one that answers, one that only counts connections. */
final class LocalServers {

    private LocalServers() {}

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    static HttpServer http(Handler handler) {
        try {
            var server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext(
                    "/",
                    exchange -> {
                        try (exchange) {
                            handler.handle(exchange);
                        }
                    });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Accepts connections and counts them; answers nothing. */
    static final class Counter implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();
        private int probes;
        private final java.util.Set<Integer> seen =
                java.util.concurrent.ConcurrentHashMap.newKeySet();

        Counter() {
            try {
                socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var thread =
                    new Thread(
                            () -> {
                                while (!socket.isClosed()) {
                                    try {
                                        try (var client = socket.accept()) {
                                            accepted.incrementAndGet();
                                            seen.add(client.getPort());
                                        }
                                    } catch (IOException e) {
                                        return;
                                    }
                                }
                            },
                            "connection-counter");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /**
         * Connections made before this call: one of its own is made and waited for, and the listen
         * queue hands connections over in order, so any made earlier has been counted.
         */
        int connectionsSoFar() throws IOException, InterruptedException {
            try (var probe = new Socket(InetAddress.getLoopbackAddress(), port())) {
                while (!seen.contains(probe.getLocalPort())) {
                    Thread.sleep(5);
                }
            }
            probes++;
            return accepted.get() - probes;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
