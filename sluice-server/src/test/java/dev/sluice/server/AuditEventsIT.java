package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.plugin.Permissions;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.config.HttpSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.server.config.StorageSettings;
import dev.sluice.testing.Poll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit pair in the real server: records produced over HTTP that {@code audit-publisher}
 * rejects become events on channel {@code audit}, which {@code audit-counter} receives on the bus's
 * threads and counts; /metrics shows both sides.
 */
class AuditEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SluiceServer server;

    @BeforeAll
    static void start() {
        var generous =
                PluginSettings.builder()
                        .withMaxExecutionTime(Duration.ofSeconds(5))
                        .withMaxInitTime(Duration.ofSeconds(10))
                        .build();
        var settings =
                new Settings(
                        "test settings",
                        0,
                        "127.0.0.1",
                        true,
                        List.of(
                                SluiceExamples.require("audit-counter.wasm"),
                                SluiceExamples.require("audit-publisher.wasm")),
                        Optional.empty(),
                        generous,
                        Map.of(
                                "audit-publisher",
                                generous.toBuilder()
                                        .withConfig(Map.of("word", "forbidden"))
                                        .withPermissions(
                                                Permissions.none().withPublish(Set.of("audit")))
                                        .build(),
                                "audit-counter",
                                generous.toBuilder()
                                        .withPermissions(Permissions.none().withState(true))
                                        .build()),
                        Optional.empty(),
                        OptionalLong.empty(),
                        true,
                        StorageSettings.defaults(),
                        HttpSettings.defaults());
        server = SluiceServer.start(settings);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> produce(String key, String value) throws Exception {
        String body =
                JSON.writeValueAsString(Map.of("topic", "orders", "key", key, "value", value));
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "/produce"))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String metrics() {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(base() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new AssertionError("GET /metrics failed", e);
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void rejectedRecordsAreCountedByTheSubscriberAndShownInMetrics() throws Exception {
        assertThat(produce("a", "hello").statusCode()).isEqualTo(200);
        var rejected = produce("b", "a forbidden thing");
        assertThat(rejected.statusCode()).isEqualTo(422);
        assertThat(rejected.body()).contains("audit-publisher", "value contains");
        assertThat(produce("c", "forbidden again").statusCode()).isEqualTo(422);
        assertThat(produce("d", "fine").statusCode()).isEqualTo(200);

        String counted =
                "sluice_plugin_counter_total{name=\"audit_events\",plugin=\"audit-counter\"} 2.0";
        Poll.until("the counter's metric reaches 2", () -> metrics().contains(counted));
        String all = metrics();
        assertThat(all)
                .contains(
                        "sluice_events_published_total{channel=\"audit\",plugin=\"audit-publisher\"}"
                                + " 2.0",
                        "sluice_events_delivered_total{channel=\"audit\",plugin=\"audit-counter\"}"
                                + " 2.0",
                        "sluice_events_lag{channel=\"audit\",plugin=\"audit-counter\"} 0.0");
        assertThat(all).doesNotContain("sluice_events_dropped_total");
    }
}
