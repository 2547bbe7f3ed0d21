package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.config.SettingsLoader;
import dev.sluice.server.state.RedisServer;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin state through the real server and its settings file: the rate limiter example on the
 * default embedded store under data_dir, its counts kept across a server restart, and the error a
 * plugin gets (and the producer sees) without the grant.
 */
class StateIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path LIMITER = Fixtures.example("sluice/rate-limit-rust.wasm");

    @TempDir Path dir;

    private SluiceServer start(boolean granted) throws Exception {
        return start(granted, "");
    }

    private SluiceServer start(boolean granted, String extra) throws Exception {
        String settings =
                """
                rest_port: 0
                kafka_port: 0
                rest_address: 127.0.0.1
                data_dir: data
                plugin_paths:
                  - %s
                plugin:
                  max_execution_time: 5s
                  require_all: true
                plugins:
                  rate-limit-rust:
                    config: { limit: "3", window_seconds: "60" }
                    permissions: { state: %s }
                """
                                .formatted(LIMITER.toAbsolutePath(), granted)
                        + extra;
        var file = Files.writeString(dir.resolve("settings.yaml"), settings);
        return SluiceServer.start(SettingsLoader.load(file));
    }

    private static HttpResponse<String> produce(SluiceServer server, String key) throws Exception {
        var body = Map.of("topic", "orders", "key", key, "value", "v", "timestamp", 120_000);
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/produce"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics(SluiceServer server) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + server.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void theLimiterRejectsTheRecordPastItsLimitAndRemembersAcrossARestart() throws Exception {
        try (var server = start(true)) {
            for (int i = 0; i < 3; i++) {
                var accepted = produce(server, "alice");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            }
            var rejected = produce(server, "alice");
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
            assertThat(json(rejected).get("plugin").asText()).isEqualTo("rate-limit-rust");
            assertThat(json(rejected).get("reason").asText())
                    .startsWith("rate limit: record 4 of key alice in the 60 s window")
                    .endsWith("at most 3 per window");
            assertThat(metrics(server))
                    .contains(
                            "sluice_state_calls_total{op=\"increment\",plugin=\"rate-limit-rust\"} 4.0")
                    .contains("sluice_state_keys{plugin=\"rate-limit-rust\"} 1.0");
        }
        assertThat(dir.resolve("data/state/state.mv")).isRegularFile();

        try (var server = start(true)) {
            var still = produce(server, "alice");
            assertThat(still.statusCode()).as("the count survived the restart").isEqualTo(422);
            assertThat(json(still).get("reason").asText()).startsWith("rate limit: record 5 ");
            assertThat(produce(server, "bob").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onRedisTwoServersShareOneCount() throws Exception {
        try (var redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")))) {
            // Two servers on one settings file: the state is shared through Redis; the records
            // stay in memory, since one data_dir serves one server only.
            String onRedis =
                    "state: { type: redis, redis: { url: \""
                            + redis.url()
                            + "\" } }\nstorage: { type: memory }\n";
            try (var one = start(true, onRedis);
                    var two = start(true, onRedis)) {
                assertThat(produce(one, "alice").statusCode()).isEqualTo(200);
                assertThat(produce(two, "alice").statusCode()).isEqualTo(200);
                assertThat(produce(one, "alice").statusCode()).isEqualTo(200);
                var rejected = produce(two, "alice");
                assertThat(rejected.statusCode()).as("the fourth, on either server").isEqualTo(422);
                assertThat(json(rejected).get("reason").asText())
                        .startsWith("rate limit: record 4 ");
            }
            assertThat(dir.resolve("data/state")).doesNotExist();
        }
    }

    @Test
    void withoutTheGrantTheProducerSeesThePluginsErrorNamingThePermission() throws Exception {
        try (var server = start(false)) {
            var rejected = produce(server, "alice");
            assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
            assertThat(json(rejected).get("reason").asText())
                    .isEqualTo(
                            "rate limit: cannot count records: permission 'state' is not granted"
                                    + " to plugin rate-limit-rust (settings:"
                                    + " plugins.rate-limit-rust.permissions)");
            assertThat(metrics(server))
                    .contains("sluice_state_denied_total{plugin=\"rate-limit-rust\"} 1.0");
        }
    }
}
