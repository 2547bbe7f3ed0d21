package dev.sluice.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.server.SluiceExamples;
import dev.sluice.server.SluiceServer;
import dev.sluice.server.config.SettingsLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enricher example (plugins/sluice/enricher-rust.wasm) through the real server: it looks each
 * record's key up over HTTP at a lookup service the test runs, as far as its grant in the settings
 * file allows.
 */
class EnricherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir Path dir;

    private final AtomicInteger lookups = new AtomicInteger();
    private HttpServer lookup;
    private SluiceServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (lookup != null) {
            lookup.stop(0);
        }
    }

    /** The lookup service: {@code /customers/<key>} answers the key's tier; c-404 is unknown. */
    private int startLookup() throws Exception {
        lookup = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        lookup.createContext(
                "/customers/",
                exchange -> {
                    try (exchange) {
                        lookups.incrementAndGet();
                        String key = exchange.getRequestURI().getRawPath().substring(11);
                        byte[] body = ("tier-of-" + key).getBytes(StandardCharsets.UTF_8);
                        if (key.equals("c-404")) {
                            exchange.sendResponseHeaders(404, -1);
                            return;
                        }
                        exchange.sendResponseHeaders(200, body.length);
                        exchange.getResponseBody().write(body);
                    }
                });
        lookup.start();
        return lookup.getAddress().getPort();
    }

    private void startServer(int lookupPort, String allow, String onError) throws Exception {
        Path plugin = SluiceExamples.require("enricher-rust.wasm");
        Path settings =
                Files.writeString(
                        dir.resolve("settings.yaml"),
                        String.join(
                                "\n",
                                "rest_port: 0",
                                "kafka_port: 0",
                                "rest_address: 127.0.0.1",
                                "plugin_paths:",
                                "  - " + plugin,
                                "plugins:",
                                "  enricher-rust:",
                                "    max_execution_time: 5s",
                                "    config:",
                                "      base_url: http://127.0.0.1:" + lookupPort + "/customers",
                                "      header: tier",
                                "      on_error: " + onError,
                                "    permissions:",
                                "      http:",
                                "        allow: [" + allow + "]",
                                ""));
        server = SluiceServer.start(SettingsLoader.load(settings));
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String metrics() throws Exception {
        return CLIENT.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + server.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private JsonNode stored(String topic) throws Exception {
        var response = post("/fetch", Map.of("topic", topic, "partition", 0, "offset", 0));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("records");
    }

    @Test
    void eachRecordGetsItsKeysAnswerAsAHeader() throws Exception {
        int port = startLookup();
        startServer(port, "\"127.0.0.1:" + port + "\"", "reject");

        var response =
                post(
                        "/produce",
                        Map.of(
                                "records",
                                List.of(
                                        Map.of("topic", "orders", "key", "c 1", "value", "a"),
                                        Map.of("topic", "orders", "key", "c-404", "value", "b"),
                                        Map.of("topic", "orders", "value", "no key"))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var records = stored("orders");
        assertThat(records.get(0).get("headers").toString())
                .isEqualTo("[{\"key\":\"tier\",\"value\":\"tier-of-c%201\"}]");
        assertThat(records.get(1).get("headers").toString()).isEqualTo("[]");
        assertThat(records.get(2).get("headers").toString()).isEqualTo("[]");
        assertThat(lookups).hasValue(2);
        assertThat(metrics())
                .contains(
                        "sluice_http_requests_total{class=\"2xx\",plugin=\"enricher-rust\",status=\"200\"} 1.0")
                .contains(
                        "sluice_http_requests_total{class=\"4xx\",plugin=\"enricher-rust\",status=\"404\"} 1.0")
                .contains(
                        "sluice_http_request_seconds_count{class=\"2xx\",plugin=\"enricher-rust\"} 1");
    }

    @Test
    void aHostTheGrantDoesNotListGetsTheErrorAndNoConnection() throws Exception {
        int port = startLookup();
        // Granted another port of the same host: the lookup service is not covered.
        startServer(port, "\"127.0.0.1:" + (port == 65535 ? 1 : port + 1) + "\"", "reject");

        var response = post("/produce", Map.of("topic", "orders", "key", "c1", "value", "a"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body())
                .contains(
                        "lookup failed: http to 127.0.0.1:"
                                + port
                                + " is not allowed for plugin enricher-rust: add it to"
                                + " plugins.enricher-rust.permissions.http.allow");
        assertThat(lookups).hasValue(0);
        assertThat(metrics()).contains("sluice_http_denied_total{plugin=\"enricher-rust\"} 1.0");
    }
}
