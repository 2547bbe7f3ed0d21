package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.plugin.OnError;
import dev.sluice.plugin.PluginSettings;
import dev.sluice.server.config.Settings;
import dev.sluice.testing.Fixtures;
import dev.sluice.testing.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on a free port, driven over HTTP with the example plugins. */
class ServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path chatPlugins;
    @TempDir static Path compileCache;

    private static LogCapture pluginLog;
    private static LogCapture serverLog;
    private static LogCapture engineLog;
    private static SluiceServer server;

    @BeforeAll
    static void start() throws Exception {
        pluginLog = LogCapture.of("sluice.plugin");
        serverLog = LogCapture.of("dev.sluice.server");
        engineLog = LogCapture.of("dev.sluice.plugins");
        // The OurChat folder, plus a file that is not a plugin: it must not stop the others.
        Files.copy(
                Fixtures.example("ourchat/spam-filter.wasm"),
                chatPlugins.resolve("spam-filter.wasm"));
        Files.copy(
                Fixtures.example("ourchat/message-logger.wasm"),
                chatPlugins.resolve("message-logger.wasm"));
        Files.writeString(chatPlugins.resolve("garbage.wasm"), "not webassembly");
        var settings =
                new Settings(
                        "test settings",
                        0,
                        "127.0.0.1",
                        true,
                        List.of(
                                Fixtures.example("blink/demo-plugin.wasm"),
                                Fixtures.example("blink/content-filter-component.wasm")),
                        Optional.of(chatPlugins),
                        // Generous limits: a loaded machine must not make a correct plugin's
                        // load hook time out (these tests are about HTTP, not limits).
                        PluginSettings.builder()
                                .withMaxExecutionTime(Duration.ofSeconds(5))
                                .build(),
                        Map.of(
                                "spam-filter",
                                PluginSettings.builder()
                                        .withMaxExecutionTime(Duration.ofSeconds(5))
                                        .withConfig(Map.of("blocked_words", "viagra,lottery"))
                                        .build(),
                                // Optional: while it cannot be loaded it is skipped, not closed.
                                "garbage",
                                PluginSettings.builder()
                                        .withOnError(OnError.ALLOW)
                                        .withFailureBackoff(
                                                Duration.ofHours(1), Duration.ofHours(1))
                                        .build()),
                        Optional.of(compileCache));
        server = SluiceServer.start(settings);
    }

    @AfterAll
    static void stop() {
        server.close();
        pluginLog.close();
        serverLog.close();
        engineLog.close();
    }

    private static HttpResponse<String> post(String path, String contentType, String body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("content-type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> produce(Map<String, Object> record) throws Exception {
        return post("/produce", "application/json", JSON.writeValueAsString(record));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void compiledPluginsAreKeptInTheConfiguredCompileCache() throws Exception {
        try (var files = Files.walk(compileCache)) {
            // One entry per distinct core module: the Blink component has four (the plugin's,
            // the WASI adapter, the shim and the fixup module), the other Blink plugin and the
            // two OurChat plugins one each.
            assertThat(files.filter(f -> f.toString().endsWith(".jar")).count()).isEqualTo(7);
        }
    }

    @Test
    void aGarbageFileInThePluginFolderHoldsItsPlaceAsFailedAndHealthSaysDegraded()
            throws Exception {
        assertThat(engineLog.messages(Level.ERROR, "plugins"))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains(
                                                "plugin garbage could not be loaded",
                                                "Failed (on_error: allow)",
                                                "not a WebAssembly binary"));
        var health = json(get("/health"));
        assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.get("failed").get("garbage").asText())
                .contains("could not be loaded", "not a WebAssembly binary");
        assertThat(health.get("plugins").fieldNames())
                .toIterable()
                .containsExactly(
                        "demo-plugin",
                        "content-filter-component",
                        "garbage",
                        "message-logger",
                        "spam-filter");
        assertThat(health.get("plugins").get("garbage").asText()).isEqualTo("FAILED");
    }

    @Test
    void acceptedRecordsCanBeFetchedBackInOrder() throws Exception {
        var first =
                produce(
                        Map.of(
                                "topic",
                                "accepted-orders",
                                "partition",
                                2,
                                "key",
                                "k1",
                                "value",
                                "one"));
        var second = produce(Map.of("topic", "accepted-orders", "partition", 2, "value", "two ✓"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("offset").asLong()).isZero();
        assertThat(json(second).get("offset").asLong()).isEqualTo(1);

        var fetched =
                json(
                        post(
                                "/fetch",
                                "application/json",
                                "{\"topic\":\"accepted-orders\",\"partition\":2,\"offset\":0}"));
        assertThat(fetched.get("records")).hasSize(2);
        assertThat(fetched.get("records").get(0).get("key").asText()).isEqualTo("k1");
        assertThat(fetched.get("records").get(1).get("key").isNull()).isTrue();
        assertThat(fetched.get("records").get(1).get("value").asText()).isEqualTo("two ✓");
        assertThat(fetched.get("next_offset").asLong()).isEqualTo(2);
    }

    @Test
    void rejectedRecordsAreNotStoredAndTheProducerIsToldWhy() throws Exception {
        var empty = produce(Map.of("topic", "rejects", "value", ""));
        var sensitive = produce(Map.of("topic", "sensitive-rejects", "value", "x"));
        var spam = produce(Map.of("topic", "rejects", "value", "cheap VIAGRA here"));

        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(json(empty).get("plugin").asText()).isEqualTo("content-filter-component");
        assertThat(json(empty).get("reason").asText()).isEqualTo("rejected: empty value");
        assertThat(json(sensitive).get("reason").asText())
                .isEqualTo("rejected: sensitive topic sensitive-rejects requires a key");
        assertThat(spam.statusCode()).isEqualTo(422);
        assertThat(json(spam).get("plugin").asText()).isEqualTo("spam-filter");
        assertThat(json(spam).get("reason").asText()).contains("contains 'viagra'");

        assertThat(
                        post("/fetch", "application/json", "{\"topic\":\"rejects\",\"offset\":0}")
                                .statusCode())
                .as("nothing was stored on that topic")
                .isEqualTo(404);
    }

    @Test
    void formEncodedProduceWorks() throws Exception {
        var response =
                post(
                        "/produce",
                        "application/x-www-form-urlencoded",
                        "topic=form-topic&partition=1&key=a%20key&value=hello%20form");

        assertThat(response.statusCode()).isEqualTo(200);
        var fetched =
                json(
                        post(
                                "/fetch",
                                "application/x-www-form-urlencoded",
                                "topic=form-topic&partition=1&offset=0"));
        assertThat(fetched.get("records").get(0).get("value").asText()).isEqualTo("hello form");
        assertThat(fetched.get("records").get(0).get("key").asText()).isEqualTo("a key");
    }

    @Test
    void malformedRequestsGet400WithWhatIsWrong() throws Exception {
        assertBadRequest(post("/produce", "application/json", "{\"topic\": "), "malformed JSON");
        assertBadRequest(post("/produce", "application/json", "[1,2]"), "must be a JSON object");
        assertBadRequest(produce(Map.of("value", "v")), "missing field 'topic'");
        assertBadRequest(produce(Map.of("topic", "t")), "missing field 'value'");
        assertBadRequest(
                produce(Map.of("topic", "t", "value", 5)), "field 'value' must be a string");
        assertBadRequest(
                produce(Map.of("topic", "t", "value", "v", "partition", -1)),
                "field 'partition' must be between 0");
        assertBadRequest(
                produce(Map.of("topic", "t", "value", "v", "partition", "zero")),
                "field 'partition' must be an integer");
        assertBadRequest(post("/produce", "text/plain", "hi"), "unsupported content type");
        assertBadRequest(post("/fetch", "application/json", "{}"), "missing field 'topic'");
    }

    @Test
    void numbersOutOfRangeAre400sQuotingWhatWasSentAndNeverWrap() throws Exception {
        // 2^64 + 5 used to be stored in partition 5; 2^64 read from offset 0.
        assertBadRequest(
                post(
                        "/produce",
                        "application/json",
                        "{\"topic\":\"wrap\",\"partition\":18446744073709551621,\"value\":\"v\"}"),
                "field 'partition' must be between 0 and 2147483647, got 18446744073709551621");
        assertBadRequest(
                post(
                        "/produce",
                        "application/x-www-form-urlencoded",
                        "topic=wrap&partition=18446744073709551621&value=v"),
                "field 'partition' must be between 0 and 2147483647, got 18446744073709551621");
        assertBadRequest(
                post(
                        "/fetch",
                        "application/json",
                        "{\"topic\":\"wrap\",\"offset\":18446744073709551616}"),
                "field 'offset' must be between 0 and 9223372036854775807, got 18446744073709551616");
        assertBadRequest(
                post(
                        "/fetch",
                        "application/json",
                        "{\"topic\":\"wrap\",\"offset\":9223372036854775808}"),
                "got 9223372036854775808");
        assertThat(
                        post("/fetch", "application/json", "{\"topic\":\"wrap\",\"partition\":5}")
                                .statusCode())
                .as("nothing was stored")
                .isEqualTo(404);
    }

    @Test
    void lenientJsonIsRefused() throws Exception {
        assertBadRequest(
                post(
                        "/produce",
                        "application/json",
                        "{\"topic\":\"strict\",\"value\":\"a\"}{\"topic\":\"strict\",\"value\":\"b\"}"),
                "unexpected content after the JSON object");
        assertBadRequest(
                post(
                        "/produce",
                        "application/json",
                        "{\"topic\":\"strict\",\"value\":\"\\ud800\"}"),
                "unpaired surrogate \\ud800");
        var invalidUtf8 =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + server.port() + "/produce"))
                                .header("content-type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofByteArray(
                                                new byte[] {
                                                    '{',
                                                    '"',
                                                    'v',
                                                    '"',
                                                    ':',
                                                    '"',
                                                    (byte) 0xC3,
                                                    '"',
                                                    '}'
                                                }))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertBadRequest(invalidUtf8, "not valid UTF-8: byte 0xc3 at offset 6");
        assertBadRequest(
                post("/produce", "application/json", "{\"a\":" + "[".repeat(1000)),
                "JSON nested deeper than 32 levels");
        assertBadRequest(
                post("/produce", "application/json", "{\"partition\":" + "9".repeat(1001) + "}"),
                "a JSON number longer than 100 characters");
        assertThat(post("/fetch", "application/json", "{\"topic\":\"strict\"}").statusCode())
                .isEqualTo(404);
    }

    private static void assertBadRequest(HttpResponse<String> response, String message)
            throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).contains(message);
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        var response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("no such endpoint: GET /nope");
    }

    @Test
    void pluginLogLinesAndPostStoreHooksRun() throws Exception {
        produce(Map.of("topic", "logged", "value", "watch me"));

        assertThat(pluginLog.messages())
                .contains(
                        "🔌 Plugin: record on topic logged partition 0 key - (8 bytes)",
                        "🔌 Plugin: message stored (8 bytes): watch me");
    }

    @Test
    void metricsCountWhatHappened() throws Exception {
        String before = get("/metrics").body();
        produce(Map.of("topic", "metered", "value", ""));
        produce(Map.of("topic", "metered", "value", "one"));
        produce(Map.of("topic", "metered", "value", "two"));

        String after = get("/metrics").body();
        String rejected = "sluice_records_rejected_total{plugin=\"content-filter-component\"}";
        String accepted = "sluice_records_accepted_total";
        String calls = "sluice_plugin_calls_total{plugin=\"content-filter-component\"}";
        assertThat(metric(after, rejected) - metric(before, rejected)).isEqualTo(1.0);
        assertThat(metric(after, accepted) - metric(before, accepted)).isEqualTo(2.0);
        assertThat(metric(after, calls) - metric(before, calls))
                .as("one on-record call per record")
                .isEqualTo(3.0);
        assertThat(metric(after, "sluice_plugin_enabled{plugin=\"spam-filter\"}")).isEqualTo(1.0);
        assertThat(metric(after, "sluice_plugin_failed{plugin=\"spam-filter\"}")).isEqualTo(0.0);
        assertThat(metric(after, "sluice_storage_records")).isEqualTo(server.topics().size());
    }

    /** The value of one series in Prometheus text; 0 when it is not there yet. */
    private static double metric(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    @Test
    void pluginsEndpointListsStates() throws Exception {
        var plugins = json(get("/plugins"));

        assertThat(plugins).hasSize(5);
        assertThat(plugins.get(0).get("name").asText()).isEqualTo("demo-plugin");
        assertThat(plugins.get(0).get("contract").asText()).isEqualTo("blink:plugin@0.1.0");
        assertThat(plugins.get(0).get("breaker").asText()).isEqualTo("CLOSED");
        assertThat(plugins.get(1).get("form").asText()).isEqualTo("component");
        assertThat(plugins.get(2).get("state").asText()).isEqualTo("FAILED");
        assertThat(plugins.get(2).get("contract").isNull()).isTrue();
        assertThat(plugins.get(2).get("breaker").asText()).isEqualTo("OPEN");
        assertThat(plugins.get(4).get("state").asText()).isEqualTo("ENABLED");
    }
}
