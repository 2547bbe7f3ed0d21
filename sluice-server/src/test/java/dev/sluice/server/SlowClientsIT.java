package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 6: 250 connections that send their body a byte at a time used to hold every request
 * thread, so other producers timed out for as long as they lasted.
 */
class SlowClientsIT {

    private static final int SLOW_CLIENTS = 250;

    private SluiceServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowUploadsNeitherStarveOtherProducersNorLastForever() throws Exception {
        server =
                SluiceServer.start(
                        TestSettings.withoutPlugins(
                                StorageSettings.defaults(),
                                new HttpSettings(
                                        1024 * 1024,
                                        Duration.ofSeconds(30),
                                        Duration.ofSeconds(3),
                                        1024,
                                        // Fewer threads than slow clients: before, a thread
                                        // waited on each body.
                                        64)));
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            var socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(100);
            socket.getOutputStream()
                    .write(
                            ("POST /produce HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                                            + "\r\nContent-Length: 100000\r\n\r\n{")
                                    .getBytes(StandardCharsets.US_ASCII));
            sockets.add(socket);
        }
        var trickle = Executors.newSingleThreadScheduledExecutor();
        trickle.scheduleAtFixedRate(
                () -> {
                    for (Socket s : sockets) {
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(' ');
                            out.flush();
                        } catch (IOException closed) {
                            // the server cut it off: what the test waits for
                        }
                    }
                },
                200,
                200,
                TimeUnit.MILLISECONDS);
        try {
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
            var response =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    "http://127.0.0.1:"
                                                            + server.port()
                                                            + "/produce"))
                                    .header("content-type", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"topic\":\"t\",\"value\":\"prompt\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);

            // The slow ones are cut off: 408 once http.body_timeout has passed, and closed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            var open = new ArrayList<>(sockets);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                open.removeIf(SlowClientsIT::closedByServer);
            }
            assertThat(open).as("slow connections still open after 60 s").isEmpty();
        } finally {
            trickle.shutdownNow();
        }
    }

    /** True when the server answered (a 408) or closed the connection. */
    private static boolean closedByServer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int n = in.read(buffer);
            if (n < 0) {
                return true;
            }
            String answer = new String(buffer, 0, n, StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408");
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
