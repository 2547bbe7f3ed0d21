package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.plugin.PluginState;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Plugins that loop, trap or grow memory, behind the real HTTP server: it keeps serving. */
class MisbehavingPluginsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SluiceServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String fixture, PluginSettings settings) {
        server =
                SluiceServer.start(
                        new Settings(
                                "test",
                                0,
                                "127.0.0.1",
                                true,
                                List.of(Fixtures.testdata(fixture)),
                                Optional.empty(),
                                settings,
                                Map.of(),
                                Optional.empty()));
    }

    private HttpResponse<String> produce(int partition, String value) throws Exception {
        String body =
                JSON.writeValueAsString(
                        Map.of("topic", "t", "partition", partition, "value", value));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/produce"))
                        .header("content-type", "application/json")
                        // A looping call owed CPU on a starved machine may run up to ten times
                        // its limit in wall-clock time (Watchdog.STARVED_FACTOR) before it stops.
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLoopingPluginIsStoppedAndTheServerKeepsServing() throws Exception {
        start(
                "blink-loop.wasm",
                PluginSettings.builder()
                        .withMaxExecutionTime(Duration.ofMillis(50))
                        .withMaxConsecutiveFailures(100)
                        .build());
        var pool = Executors.newFixedThreadPool(2);
        try {
            Callable<HttpResponse<String>> call = () -> produce(0, "v");
            for (var f : pool.invokeAll(List.of(call, call, call, call))) {
                var response = f.get();
                assertThat(response.statusCode()).isEqualTo(422);
                assertThat(JSON.readTree(response.body()).get("reason").asText())
                        .isEqualTo(
                                "plugin failed: exceeded its time limit of 50 ms and was stopped");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.engine().plugin("blink-loop").orElseThrow().failures()).isEqualTo(4);
        assertThat(server.topics().size()).as("nothing was stored").isZero();
    }

    @Test
    void trapsAndRefusedGrowthFailOnlyTheirRecords() throws Exception {
        start("blink-trap.wasm", PluginSettings.builder().withMaxConsecutiveFailures(100).build());

        for (int partition = 0; partition <= 5; partition++) {
            assertThat(produce(partition, "v").statusCode()).isEqualTo(422);
            assertThat(produce(7, "v").statusCode()).as("served after a trap").isEqualTo(200);
        }
        assertThat(server.topics().size()).isEqualTo(6);
    }

    @Test
    void aFailedFilterFailsClosedWith503AndHealthSaysDegraded() throws Exception {
        start(
                "blink-trap.wasm",
                PluginSettings.builder()
                        .withMaxConsecutiveFailures(2)
                        .withFailureBackoff(Duration.ofHours(1), Duration.ofHours(1))
                        .build());
        produce(0, "v");
        produce(0, "v");

        var response = produce(7, "a record it would accept");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isGreaterThan(3500));
        var body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("plugin failed");
        assertThat(body.get("plugin").asText()).isEqualTo("blink-trap");
        assertThat(body.get("reason").asText()).contains("2 consecutive failures", "trapped");
        assertThat(server.topics().size()).as("nothing was stored").isZero();
        var health = JSON.readTree(get("/health").body());
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.get("failed").get("blink-trap").asText()).contains("2 consecutive");
        assertThat(get("/metrics").body())
                .contains("sluice_plugin_breaker{plugin=\"blink-trap\"} 1.0")
                .contains("sluice_plugin_failed{plugin=\"blink-trap\"} 1.0");
    }

    @Test
    void aRecordAboveMaxRecordBytesGets422WithoutCostingThePluginAFailure() throws Exception {
        start("blink-trap.wasm", PluginSettings.builder().withMaxRecordBytes(1024).build());

        var response = produce(7, "x".repeat(2000));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).get("reason").asText())
                .contains("plugin.max_record_bytes");
        assertThat(server.engine().plugin("blink-trap").orElseThrow().failures()).isZero();
    }

    @Test
    void requireAllRefusesToStartWhenAConfiguredPluginCannotBeLoaded() {
        var settings =
                new Settings(
                        "strict.yaml",
                        0,
                        "127.0.0.1",
                        true,
                        List.of(Fixtures.testdata("blink-init-trap.wasm")),
                        Optional.empty(),
                        PluginSettings.defaults(),
                        Map.of(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        true,
                        StorageSettings.defaults(),
                        HttpSettings.defaults());

        assertThatThrownBy(() -> SluiceServer.start(settings))
                .isInstanceOf(SluiceServer.PluginRequiredException.class)
                .hasMessageStartingWith(
                        "plugin blink-init-trap.wasm cannot be loaded and strict.yaml sets"
                                + " plugin.require_all: true: ")
                .hasMessageContaining("init");
    }

    @Test
    void aBusyPoolAnswers503OverloadedWithoutFailingThePlugin() throws Exception {
        start(
                "blink-loop.wasm",
                PluginSettings.builder()
                        .withMaxInstances(1)
                        .withMaxQueueTime(Duration.ofMillis(10))
                        .withMaxExecutionTime(Duration.ofSeconds(3))
                        .build());
        var pool = Executors.newFixedThreadPool(2);
        try {
            // Two records at once for the one instance: whichever gets it loops for its 3 s (and
            // is rejected when stopped); the other finds it busy for longer than the queue time.
            var a = pool.submit(() -> produce(0, "a"));
            var b = pool.submit(() -> produce(0, "b"));
            var answers = List.of(a.get(), b.get());
            assertThat(answers)
                    .extracting(HttpResponse::statusCode)
                    .containsExactlyInAnyOrder(422, 503);
            HttpResponse<String> busy =
                    answers.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();

            assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
            var body = JSON.readTree(busy.body());
            assertThat(body.get("error").asText()).isEqualTo("overloaded, retry");
            assertThat(body.get("plugin").asText()).isEqualTo("blink-loop");
            assertThat(body.get("reason").asText())
                    .contains("all 1 instances were busy", "plugin.max_queue_time");
        } finally {
            pool.shutdownNow();
        }
        var status = server.engine().plugin("blink-loop").orElseThrow();
        assertThat(status.state()).isEqualTo(PluginState.ENABLED);
        assertThat(status.hostFailures()).isZero();
        assertThat(server.topics().size()).isZero();
        assertThat(get("/metrics").body())
                .contains(
                        "sluice_records_unavailable_total{cause=\"overloaded\",plugin=\"blink-loop\"}");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
