package dev.sluice.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real server in its own JVM ({@code sluice run -s FILE --port N}, this test's class path), for
 * tests that need what only a process gives: a small heap of its own, or a {@code kill -9}.
 */
final class ServerProcess {

    private ServerProcess() {}

    /** A port that was free a moment ago. */
    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server with a 256 MiB heap and no Kafka listener, its output to {@code log}. */
    static Process start(Path settings, int port, Path log) throws IOException {
        return start(settings, port, 0, log);
    }

    /**
     * Starts the server with a 256 MiB heap, its Kafka listener on {@code kafkaPort} (0: none), its
     * output to {@code log}.
     */
    static Process start(Path settings, int port, int kafkaPort, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.sluice.server.cli.SluiceCommand",
                        "run",
                        "-s",
                        settings.toString(),
                        "--port",
                        String.valueOf(port),
                        "--kafka-port",
                        String.valueOf(kafkaPort))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until {@code /health} answers 200; fails with the server's output if it never does. */
    static void awaitHealthy(HttpClient http, int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        var health =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the server did not start:\n" + Files.readString(log));
    }
}
